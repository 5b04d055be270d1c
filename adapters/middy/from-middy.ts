/**
 * `fromMiddy`: Middy-style middleware objects (`before`, `after`, `onError`) run as one
 * shallot layer, with Middy's own algorithm around `getResponse`.
 *
 * @module
 */
import {
  ImproperlyConfigured,
  isResponseLike,
  NotAResponse,
  withBoundary,
  type Boundary,
  type Handler,
  type Middleware,
} from '../../src/index.js'
import { describe, isClass, nameOf } from '../../src/internal/describe.js'
import { isThenable } from '../../src/internal/thenable.js'

/**
 * The object every hook of a `fromMiddy` group receives, Middy's `request`: made fresh
 * for each request and shared by the hooks of the group for that request.
 *
 * - `event`: the Web `Request` the layer received. A `before` may replace it; the inner
 *   layers receive whatever `event` is when the `before` hooks are done.
 * - `context`: always `undefined`, reserved for a platform's context (Middy's Lambda
 *   `context`); a shallot layer has none.
 * - `response`: `undefined` until the inner layers answer (or a hook answers early);
 *   an `after` may replace it. Reset to `undefined` before the `onError` hooks run.
 * - `error`: what was thrown, for the `onError` hooks; `undefined` otherwise.
 * - `internal`: an empty object for the hooks to share data, fresh for each request.
 *
 * @example
 * ```ts
 * import type { MiddyRequest } from 'shallot/middy'
 *
 * const stampAfter = (request: MiddyRequest) => {
 *   request.response?.headers.set('x-path', new URL(request.event.url).pathname)
 * }
 * ```
 */
export interface MiddyRequest {
  /** The layer's `Request`; a `before` may replace it for the inner layers. */
  event: Request
  /** Always `undefined`: a shallot layer has no platform context. */
  context: undefined
  /** The answer so far: `undefined` until the inner layers (or a hook) answer. */
  response: Response | undefined
  /** What was thrown, for the `onError` hooks; `undefined` otherwise. */
  error: unknown
  /** An empty object for the group's hooks to share data, fresh per request. */
  readonly internal: Record<string, unknown>
}

/**
 * A Middy-style middleware object: any of `before`, `after` and `onError`, each a
 * function of the group's {@link MiddyRequest}, sync or async. A hook that returns
 * `undefined` (or nothing) passes on; any other value is its answer and must be a
 * `Response`. `name` is optional, as in Middy's types; `fromMiddy` uses it to name the
 * layer.
 *
 * @example
 * ```ts
 * import type { MiddyMiddleware } from 'shallot/middy'
 *
 * const noStore: MiddyMiddleware = {
 *   name: 'noStore',
 *   after: (request) => {
 *     request.response?.headers.set('cache-control', 'no-store')
 *   },
 * }
 * ```
 */
export interface MiddyMiddleware {
  /** Runs first, in list order; a `Response` it returns answers early. */
  readonly before?: ((request: MiddyRequest) => unknown | Promise<unknown>) | undefined
  /** Runs after the inner layers, in reverse order; a `Response` it returns wins. */
  readonly after?: ((request: MiddyRequest) => unknown | Promise<unknown>) | undefined
  /** Runs, in reverse list order, when a `before` or `after` threw; may answer. */
  readonly onError?: ((request: MiddyRequest) => unknown | Promise<unknown>) | undefined
  /** Names the layer in messages; default: the hooks' function names. */
  readonly name?: string | undefined
}

type Phase = 'before' | 'after' | 'onError'
type Hook = (request: MiddyRequest) => unknown

/** A hook and the position of its object in `fromMiddy`'s arguments, for messages. */
interface Step {
  readonly run: Hook
  readonly at: number
}

/** What a group runs per request, prepared once when `fromMiddy` is called. */
interface Group {
  readonly name: string
  /** In list order. */
  readonly before: readonly Step[]
  /** In reverse list order, as Middy's `after` and `onError` run. */
  readonly after: readonly Step[]
  readonly onError: readonly Step[]
}

const PHASES: readonly Phase[] = ['before', 'after', 'onError']

/** The culprit of a build-time message, with the likely fix where there is one. */
function notAnObject(value: unknown): string {
  if (typeof value === 'function' && isClass(value)) {
    const name = nameOf(value)
    return `got the class ${name} (a hook class goes through fromHooks(${name}))`
  }
  if (typeof value === 'function') {
    const name = value.name || 'factory'
    return `got the function ${name} (call it: ${name}(), not ${name})`
  }
  if (Array.isArray(value)) return 'got an array (spread it: fromMiddy(...list))'
  return `got ${describe(value)}`
}

/** How an object appears in the layer's name: its `name`, or its hooks' names. */
function labelOf(middleware: MiddyMiddleware): string {
  if (middleware.name !== undefined && middleware.name !== '') return middleware.name
  const parts: string[] = []
  for (const phase of PHASES) {
    const hook = middleware[phase]
    if (hook === undefined) continue
    parts.push(
      hook.name === '' || hook.name === phase ? phase : `${phase}:${hook.name}`,
    )
  }
  return parts.join('+')
}

/** Checks the objects and sorts their hooks into Middy's three lists. */
function groupOf(middlewares: readonly unknown[]): Group {
  const before: Step[] = []
  const after: Step[] = []
  const onError: Step[] = []
  const labels: string[] = []
  middlewares.forEach((middleware, at) => {
    const where = `fromMiddy() middleware[${at}]`
    if (
      typeof middleware !== 'object' ||
      middleware === null ||
      Array.isArray(middleware)
    ) {
      throw new ImproperlyConfigured(
        `${where} must be an object with before, after or onError, ${notAnObject(middleware)}.`,
      )
    }
    const object = middleware as Record<string, unknown>
    for (const phase of PHASES) {
      const hook = object[phase]
      if (hook !== undefined && typeof hook !== 'function') {
        throw new ImproperlyConfigured(
          `${where}.${phase} must be a function, got ${describe(hook)}.`,
        )
      }
    }
    if (object.name !== undefined && typeof object.name !== 'string') {
      throw new ImproperlyConfigured(
        `${where}.name must be a string, got ${describe(object.name)}.`,
      )
    }
    const { before: b, after: a, onError: e } = middleware as MiddyMiddleware
    if (b === undefined && a === undefined && e === undefined) {
      throw new ImproperlyConfigured(`${where} has no before, after or onError.`)
    }
    if (b) before.push({ run: b, at })
    // Middy unshifts `after` and `onError` hooks: the last object's run first.
    if (a) after.unshift({ run: a, at })
    if (e) onError.unshift({ run: e, at })
    labels.push(labelOf(middleware))
  })
  return { name: `fromMiddy(${labels.join(', ')})`, before, after, onError }
}

/** The error for a final response that is not one, naming where it came from. */
function notAResponse(
  group: Group,
  value: unknown,
  phase: Phase,
  at: number,
): NotAResponse {
  const error = new NotAResponse(group.name, value)
  error.message =
    at >= 0
      ? `${group.name} middleware[${at}].${phase} returned ${describe(value)}, not a Response.`
      : `${group.name}: request.response is ${describe(value)} after the ${phase} hooks, not a Response.`
  if (typeof (value as { statusCode?: unknown } | null)?.statusCode === 'number') {
    error.message +=
      ' A Lambda-style { statusCode, body } must become a Response:' +
      ' new Response(body, { status: statusCode, headers }).'
  }
  return error
}

/**
 * One request through a group: Middy's `runRequest`, with `getResponse` as the
 * handler. Without a `boundary` it rejects when Middy would throw; with one (inside
 * `createHandler`) it never rejects: the error becomes this stack's response here.
 *
 * The loops are written out, not shared through a helper, so a request makes one
 * promise (this function's) plus one per async hook, and no closure; a hook's result
 * is awaited only when it is a promise.
 */
async function runGroup(
  group: Group,
  getResponse: Handler,
  event: Request,
  boundary?: Boundary,
): Promise<Response> {
  const request: MiddyRequest = {
    event,
    context: undefined,
    response: undefined,
    error: undefined,
    internal: {},
  }
  let phase: Phase = 'before'
  let at = -1 // the object whose hook returned the response, -1 for none
  try {
    try {
      const { before, after } = group
      for (let index = 0; index < before.length; index++) {
        const step = before[index]!
        let value = step.run(request)
        if (isThenable(value)) value = await value
        if (value !== undefined) {
          // Middy's early return: the rest of the befores, getResponse and every
          // after of the group are skipped.
          request.response = value as Response
          at = step.at
          break
        }
      }
      // A before may also set request.response without returning it: Middy 5 skips
      // the handler then; Middy 6 only skips on a returned value.
      if (at < 0 && request.response === undefined) {
        request.response = await getResponse(request.event)
        phase = 'after'
        for (let index = 0; index < after.length; index++) {
          const step = after[index]!
          let value = step.run(request)
          if (isThenable(value)) value = await value
          if (value !== undefined) {
            request.response = value as Response
            at = step.at
            break
          }
        }
      }
    } catch (error) {
      // Changes the afters made before the error are dropped, as Middy does.
      request.response = undefined
      request.error = error
      phase = 'onError'
      at = -1
      const { onError } = group
      try {
        for (let index = 0; index < onError.length; index++) {
          const step = onError[index]!
          let value = step.run(request)
          if (isThenable(value)) value = await value
          if (value !== undefined) {
            request.response = value as Response
            at = step.at
            break
          }
        }
      } catch (failure) {
        if (typeof failure === 'object' && failure !== null) {
          Reflect.set(failure, 'originalError', request.error)
        }
        request.error = failure
        throw failure
      }
      if (request.response === undefined) throw request.error
    }
    const response: unknown = request.response
    if (response instanceof Response) return response
    if (!isResponseLike(response)) throw notAResponse(group, response, phase, at)
    // A template response (or a Response from another realm): the boundary settles it.
    return boundary === undefined
      ? (response as Response)
      : boundary.settle(response, event)
  } catch (error) {
    if (boundary === undefined) throw error
    return boundary.convert(error, event)
  }
}

/**
 * Runs Middy-style middleware objects as **one** shallot layer, with Middy's algorithm
 * around `getResponse` (which plays Middy's Lambda handler). Per request, with a
 * fresh {@link MiddyRequest}:
 *
 * 1. every `before`, in list order. One that returns a value (not `undefined`) answers
 *    early: the remaining `before` hooks, `getResponse` and **every** `after` of the
 *    group are skipped. One that sets `request.response` without returning it lets
 *    the remaining `before` hooks run, then skips `getResponse` and the `after` hooks
 *    (Middy 5's check; Middy 6 only skips on a returned value).
 * 2. `getResponse(request.event)`: the inner layers and the view; its response goes to
 *    `request.response`.
 * 3. every `after`, in **reverse** list order; a returned value replaces the response
 *    and skips the remaining `after` hooks.
 * 4. if a `before` or `after` threw (or, outside `createHandler`, `getResponse`
 *    rejected): `request.response` is reset to `undefined`,
 *    `request.error` is set, and every `onError` runs in reverse list order, including
 *    those of objects whose `before` never ran. A returned value ends the chain as the
 *    response; if `request.response` is still `undefined` at the end, the error is
 *    thrown again. An error thrown by an `onError` skips the rest, gets the first
 *    error as its `originalError` and is thrown instead.
 *
 * A thrown error leaves the layer through its boundary, as any layer's would (N2):
 * `NotFound` a 404, anything unexpected a 500. Where this differs from a stack of
 * Django layers: an early return skips every `after` of the group, where Django's
 * onion lets the layers already entered see the response (N18); give each object its
 * own `fromMiddy` to get the onion. And `onError` never sees an error of the view or
 * of an inner layer: inside `createHandler` those became a response at their own
 * boundary before `getResponse` resolved (N2). Look at `request.response.status` in
 * an `after`, or use `fromHooks` with `processException` for the view's errors.
 *
 * Hooks may be sync or async; a hook's result is awaited only when it is a promise.
 * They are called as plain functions (no `this`), as Middy calls them.
 *
 * @param middlewares - Middy-style objects, each with at least one of `before`, `after`
 *   and `onError`, in Middy's `use` order.
 * @returns A middleware factory named `fromMiddy(<labels>)`: each object's `name`, or
 *   else its hooks, `phase:functionName` (just `phase` for an anonymous hook or one
 *   named after its key), joined with `+`; e.g. `fromMiddy(cors, before:auth+onError)`.
 *   The name appears in log lines and in this layer's messages.
 * @throws ImproperlyConfigured when `fromMiddy` is called, if an argument is not an
 *   object (`fromMiddy() middleware[0] must be an object with before, after or onError,
 *   got the function cors (call it: cors(), not cors).`), has none of the three hooks
 *   (`fromMiddy() middleware[1] has no before, after or onError.`), or has a hook that is
 *   not a function (`fromMiddy() middleware[0].after must be a function, got a string.`).
 *   Per request, an answer that is not a `Response` (a Lambda-style
 *   `{ statusCode, body }`) is a `NotAResponse` naming the hook,
 *   `fromMiddy(cors) middleware[0].before returned an object, not a Response.`; it does
 *   not go through `onError` and becomes a 500 at this layer's boundary.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fromMiddy, type MiddyMiddleware } from 'shallot/middy'
 *
 * const calls: string[] = []
 * const maintenance: MiddyMiddleware = {
 *   before: (request) => {
 *     calls.push('maintenance.before')
 *     if (new URL(request.event.url).pathname === '/admin') {
 *       return new Response('down for maintenance', { status: 503 })
 *     }
 *   },
 * }
 * const stamp: MiddyMiddleware = {
 *   after: (request) => {
 *     calls.push('stamp.after')
 *     request.response?.headers.set('x-stamp', '1')
 *   },
 * }
 * const handler = createHandler({
 *   middleware: [fromMiddy(stamp, maintenance)],
 *   view: () => new Response('ok'),
 * })
 * const home = await handler(new Request('http://localhost/'))
 * console.log(home.status, home.headers.get('x-stamp')) // 200 1
 * calls.length = 0
 * // An early return skips every after of the group, stamp's too:
 * const admin = await handler(new Request('http://localhost/admin'))
 * console.log(admin.status, admin.headers.get('x-stamp')) // 503 null
 * console.log(calls.join(', ')) // maintenance.before
 * ```
 */
export function fromMiddy(...middlewares: MiddyMiddleware[]): Middleware {
  const group = groupOf(middlewares)
  const factory = (getResponse: Handler): Handler => {
    const handler: Handler = (event) => runGroup(group, getResponse, event)
    // Inside createHandler the layer converts its own errors in the promise it makes
    // anyway, instead of paying for a separate boundary (one promise step).
    return Object.assign(handler, {
      [withBoundary]:
        (boundary: Boundary): Handler =>
        (event) =>
          runGroup(group, getResponse, event, boundary),
    })
  }
  Object.defineProperty(factory, 'name', { value: group.name })
  return factory
}
