/**
 * What a running `fromMiddy` group leaves beside the request it hands inward: the event
 * its `before` hooks produced (for `middyEvent`), and a place where an error thrown
 * inside it (by the view, or by a `fromMiddy` group nested in it) is recorded, so that
 * its `onError` hooks see that error as Middy's would see the handler's.
 *
 * @module
 */
import { attach, read, requestSlot } from '../../src/internal/request-data.js'
import type { MiddyEvent } from './types.js'

/** One running group, for one request; `outer` is the group around it, if any. */
export interface Inside {
  /** The group's handler: tells the groups apart when several are nested. */
  readonly owner: object
  /** The group's event once its `before` hooks ran; `undefined` until then. */
  event: MiddyEvent | undefined
  /** An error thrown inside the group, boxed (anything may be thrown, `undefined` too). */
  thrown: { readonly error: unknown } | undefined
  readonly outer: Inside | undefined
}

// A slot rather than a property: derived requests (bodyLimit, common, carryRequestData)
// carry it to the view.
const INSIDE = requestSlot<Inside>('fromMiddy')

/** Records that `owner`'s group runs around `request`, inside any group already there. */
export function enter(request: Request, owner: object): Inside {
  const inside: Inside = {
    owner,
    event: undefined,
    thrown: undefined,
    outer: read(request, INSIDE),
  }
  attach(request, INSIDE, inside)
  return inside
}

/** The innermost group running around `request`, or `undefined`. */
export function innermost(request: object): Inside | undefined {
  return read(request, INSIDE)
}

/**
 * A group's `processException` hook: the view's error, recorded for the group if it is
 * the innermost one around the view. It answers nothing, so the view's error still
 * becomes a response at the view's boundary (N2) for the layers in between.
 */
export function recordViewError(owner: object) {
  return (request: Request, error: unknown): undefined => {
    const inside = innermost(request)
    if (inside?.owner === owner) inside.thrown = { error }
    return undefined
  }
}

/**
 * The Lambda event the `before` hooks of the innermost `fromMiddy` group around
 * `request` produced (Middy's body parsers leave the parsed body in `event.body`), or
 * `undefined` when no group runs around it or the request did not come through one.
 *
 * The group attaches it to the request it hands inward; requests derived with
 * `carryRequestData` (and by `bodyLimit` and `common`) keep it.
 *
 * @param request - A request a layer inside a `fromMiddy` group, or the view, received.
 * @returns The group's event after its `before` hooks, or `undefined`.
 * @throws Never.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fromMiddy, middyEvent, type MiddyMiddleware } from 'shallot/middy'
 *
 * const parseJson: MiddyMiddleware = {
 *   before: (request) => {
 *     const { body } = request.event
 *     request.event.body = typeof body === 'string' ? JSON.parse(body) : body
 *   },
 * }
 * const handler = createHandler({
 *   middleware: [fromMiddy(parseJson)],
 *   view: (request) => Response.json({ got: middyEvent(request)?.body }),
 * })
 * const response = await handler(
 *   new Request('http://localhost/', { method: 'POST', body: '{"a":1}' }),
 * )
 * console.log(await response.text()) // {"got":{"a":1}}
 * console.log(middyEvent(new Request('http://localhost/'))) // undefined
 * ```
 */
export function middyEvent(request: Request): MiddyEvent | undefined {
  return innermost(request)?.event
}
