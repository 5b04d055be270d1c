/**
 * The thin film between the layers of the onion (Django's
 * `convert_exception_to_response`): whatever a layer throws or returns, the layer
 * outside it receives a `Response`.
 *
 * @module
 */
import {
  finalResponse,
  finalResponseForError,
  responseForError,
  type ErrorContext,
} from './error-response.js'
import { isResponse } from './internal/response.js'
import { isRenderable, NotAResponse } from './response-like.js'
import type { Handler } from './types.js'

/**
 * The slow path of a boundary: the layer returned something that is not a `Response`
 * of this realm. One of another realm passes as it is; a template response is
 * rendered here (D2, without `processTemplateResponse`); anything else, a plain object
 * shaped like a response included, is a 500 naming the layer (D1).
 */
export async function settle(
  result: unknown,
  request: unknown,
  who: string,
  context: ErrorContext,
): Promise<Response> {
  if (isResponse(result)) return result
  if (!isRenderable(result)) {
    return responseForError(new NotAResponse(who, result), request, context)
  }
  let rendered: unknown
  try {
    rendered = await result.render()
  } catch (error) {
    return responseForError(error, request, context)
  }
  return isResponse(rendered)
    ? rendered
    : responseForError(new NotAResponse(`${who} (render)`, rendered), request, context)
}

/**
 * What `createHandler` hands a layer that converts its own errors (see
 * `withBoundary`): this stack's conversion, bound to the layer's name.
 *
 * @example
 * ```ts
 * import type { Boundary } from 'shallot'
 *
 * const answer = (boundary: Boundary, request: Request, error: unknown) =>
 *   boundary.convert(error, request) // a Response: 404 for NotFound, 500 for others
 * ```
 */
export interface Boundary {
  /**
   * The response an exception becomes at this layer (logged as the stack logs): a
   * promise of it when the stack's error view for its status answers with one.
   */
  readonly convert: (error: unknown, request: Request) => Response | Promise<Response>
  /**
   * A layer's result as the next layer out must see it: a `Response` as it is, a
   * template response rendered (D2), anything else a 500 naming the layer (D1).
   */
  readonly settle: (result: unknown, request: Request) => Response | Promise<Response>
}

/**
 * The key of an optional method on a layer's handler, for layers that can convert their
 * own errors inside the one promise reaction they already make. `createHandler` calls
 * `handler[withBoundary](boundary)` once, at build time, and uses the handler it
 * returns instead of wrapping the layer in a separate error boundary, which saves one
 * promise step per layer per request. The returned handler must never reject and must
 * resolve to what `boundary.settle` or `boundary.convert` produce. `fromHooks` layers
 * use it; a layer without it is wrapped as usual.
 *
 * @example
 * ```ts
 * import { createHandler, withBoundary, type Boundary, type Handler } from 'shallot'
 *
 * const stamp = (getResponse: Handler) => {
 *   const make =
 *     (boundary?: Boundary): Handler =>
 *     (request) =>
 *       getResponse(request).then((response) => {
 *         try {
 *           response.headers.set('x-stamp', '1')
 *           return response
 *         } catch (error) {
 *           if (boundary === undefined) throw error
 *           return boundary.convert(error, request)
 *         }
 *       })
 *   return Object.assign(make(), { [withBoundary]: make })
 * }
 * const handler = createHandler({ middleware: [stamp], view: () => new Response('ok') })
 * console.log((await handler(new Request('http://localhost/'))).headers.get('x-stamp')) // 1
 * ```
 */
export const withBoundary: unique symbol = Symbol.for('shallot.withBoundary')

/** A layer's own conversion, if it offers one (see `withBoundary`). */
export function selfBounded(
  layer: Handler<any>,
  who: string,
  context: ErrorContext,
): Handler<any> | undefined {
  const make = (layer as { [withBoundary]?: (boundary: Boundary) => Handler<any> })[
    withBoundary
  ]
  if (typeof make !== 'function') return undefined
  return make.call(layer, {
    convert: (error, request) => responseForError(error, request, context),
    settle: (result, request) =>
      isResponse(result) ? result : settle(result, request, who, context),
  })
}

/** `Promise.prototype.then` as it was when the module loaded. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called on a promise
const promiseThen = Promise.prototype.then

/**
 * Whether `value` is a promise of this realm that `await` would take as it is, with
 * the built-in `then`: then reacting to it with its own `then` is what `await` does.
 */
function isPlainPromise(value: unknown): value is Promise<unknown> {
  try {
    return (
      value instanceof Promise &&
      value.constructor === Promise &&
      value.then === promiseThen
    )
  } catch {
    return false // a Proxy's trap: `Promise.resolve` below takes it as `await` would
  }
}

/**
 * Calls `handler(request)` and reacts once to its answer, as `try { onFulfilled(await
 * handler(request)) } catch (error) { onRejected(error) }` would, without an async
 * frame: a synchronous throw goes to `onRejected` too, and an answer that is not a
 * plain promise (a `Response` returned synchronously, a thenable of another library or
 * realm, a `Promise` subclass, a promise with an own `then`) is adopted as `await`
 * adopts it. `onRejected` must not throw.
 */
export function react(
  handler: (request: any) => unknown,
  request: unknown,
  onFulfilled: (value: unknown) => Response | PromiseLike<Response>,
  onRejected: (error: unknown) => Response | PromiseLike<Response>,
): Promise<Response> {
  try {
    const answer = handler(request)
    return isPlainPromise(answer)
      ? answer.then(onFulfilled, onRejected)
      : (promiseThen.call(
          Promise.resolve(answer),
          onFulfilled,
          onRejected,
        ) as Promise<Response>)
  } catch (error) {
    return Promise.resolve(onRejected(error))
  }
}

/**
 * Wraps a layer's handler so that it never throws and always resolves to a
 * `Response`. `who` names the layer in messages ("Middleware auth"). The outermost
 * boundary (`top`) also logs the final response once if it is a 4xx or 5xx whose line
 * is not out yet, as Django's `log_response` does (see `finalResponse`).
 *
 * The success path is one promise reaction and one `instanceof`, without an async
 * frame: the same timing as an `async` wrapper awaiting the layer (one tick after the
 * layer settles), at about the cost of a bare `.catch`.
 */
export function boundary(
  handler: Handler<any, unknown>,
  who: string,
  context: ErrorContext,
  top = false,
): Handler<any> {
  if (top) return topBoundary(handler, who, context)
  return (request) =>
    react(
      handler,
      request,
      // `isResponse`, not a bare `instanceof`: a Proxy's getPrototypeOf trap may throw.
      (result) => (isResponse(result) ? result : settle(result, request, who, context)),
      (error) => responseForError(error, request, context),
    )
}

/** The outermost boundary: as `boundary`, then the final response's log line (N12). */
function topBoundary(
  handler: Handler<any, unknown>,
  who: string,
  context: ErrorContext,
): Handler<any> {
  return (request) =>
    react(
      handler,
      request,
      (result) =>
        isResponse(result)
          ? finalResponse(result, request, context)
          : settle(result, request, who, context).then((response) =>
              finalResponse(response, request, context),
            ),
      (error) => finalResponseForError(error, request, context),
    )
}
