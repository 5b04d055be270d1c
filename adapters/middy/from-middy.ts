/**
 * `fromMiddy`: Middy middleware objects (`before`, `after`, `onError`) run as one
 * shallot layer, with Middy's own algorithm around `getResponse`, on the Lambda event
 * and result shapes Middy's packages read and write.
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
import type { BodyEncoding } from '../../src/internal/lambda/body.js'
import { eventKind, type EventKind } from '../../src/internal/lambda/kind.js'
import { LAMBDA } from '../../src/internal/lambda/platform.js'
import { toResult } from '../../src/internal/lambda/result.js'
import { read } from '../../src/internal/request-data.js'
import { isThenable } from '../../src/internal/thenable.js'
import { toEvent } from './event.js'
import { enter, recordViewError, type Inside } from './inside.js'
import { BadResult, fromResult, isResult } from './result.js'
import type {
  ForeignMiddyMiddleware,
  MiddyMiddleware,
  MiddyRequest,
  MiddyResult,
} from './types.js'

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

/** The error for a final answer that cannot be a response, naming where it came from. */
function notAResponse(
  group: Group,
  value: unknown,
  phase: Phase,
  at: number,
  why?: BadResult,
): NotAResponse {
  const error = new NotAResponse(group.name, value)
  const where =
    at >= 0
      ? `${group.name} middleware[${at}].${phase} returned`
      : `${group.name}: request.response after the ${phase} hooks is`
  error.message =
    why === undefined
      ? `${where} ${describe(value)}, neither a Lambda result ({ statusCode, body }) nor a Response.`
      : `${where} a result whose ${why.message}`
  return error
}

/** What the group's hooks left as the answer, as a `Response`. */
function answer(
  group: Group,
  value: unknown,
  phase: Phase,
  at: number,
  event: Request,
  boundary: Boundary | undefined,
): Response | Promise<Response> {
  if (value instanceof Response) return value
  if (isResult(value)) {
    try {
      return fromResult(value)
    } catch (error) {
      throw notAResponse(group, value, phase, at, error as BadResult)
    }
  }
  if (!isResponseLike(value)) throw notAResponse(group, value, phase, at)
  // A template response (or a Response from another realm): the boundary settles it.
  return boundary === undefined ? (value as Response) : boundary.settle(value, event)
}

/**
 * The body of the result the `after` hooks see: text whenever it is valid UTF-8, so
 * that hooks that treat the body as a string (serializers, error handlers) can, and
 * base64 otherwise. Either way the bytes come back unchanged.
 */
const asText = (): BodyEncoding => 'text'

/** Middy's request for `incoming`, and the request the inner layers get. */
async function start(
  incoming: Request,
): Promise<{ request: MiddyRequest; forward: Request; kind: EventKind }> {
  const platform = read(incoming, LAMBDA)
  const fresh = { response: undefined, error: undefined, internal: {} }
  if (platform === undefined) {
    const { event, request: forward } = await toEvent(incoming)
    return { request: { event, context: {}, ...fresh }, forward, kind: 'v2' }
  }
  // A shallow copy: hooks that replace a field (a body parser's `body`) change neither
  // `lambdaPlatform(request).event` nor what another fromMiddy layer sees.
  const event = { ...platform.event }
  // The adapter only attaches events it recognised, so the kind is never undefined.
  const kind = eventKind(platform.event)!
  return {
    request: { event, context: platform.context, ...fresh },
    forward: incoming,
    kind,
  }
}

/**
 * One request through a group: Middy's `runRequest`, with `getResponse` as the
 * handler. Without a `boundary` it rejects when Middy would throw; with one (inside
 * `createHandler`) it never rejects: the error becomes this stack's response here.
 * An error the group leaves unhandled is also recorded for the `fromMiddy` group
 * around it, whose `onError` hooks see it next, as one Middy stack would.
 *
 * The loops are written out, not shared through a helper, so a request makes one
 * promise (this function's) plus one per async hook, and no closure; a hook's result
 * is awaited only when it is a promise.
 */
async function runGroup(
  group: Group,
  owner: object,
  getResponse: Handler,
  incoming: Request,
  boundary?: Boundary,
): Promise<Response> {
  let inside: Inside | undefined
  // The inner layers' answer when it stands for an error thrown inside: the stack's
  // own conversion of that error, answered as it is if no onError handles the error.
  let converted: { readonly response: Response; readonly error: unknown } | undefined
  try {
    const { request, forward, kind } = await start(incoming)
    inside = enter(forward, owner)
    let phase: Phase = 'before'
    let at = -1 // the object whose hook returned the response, -1 for none
    try {
      const { before, after } = group
      for (let index = 0; index < before.length; index++) {
        const step = before[index]!
        let value = step.run(request)
        if (isThenable(value)) value = await value
        if (value !== undefined) {
          // Middy's early return: the rest of the befores, getResponse and every
          // after of the group are skipped.
          request.response = value as MiddyResult
          at = step.at
          break
        }
      }
      // A before may also set request.response without returning it: Middy 5 skips
      // the handler then; Middy 6 only skips on a returned value.
      if (at < 0 && request.response === undefined) {
        inside.event = request.event
        const response = await getResponse(forward)
        const { thrown } = inside
        if (thrown !== undefined) {
          converted = { response, error: thrown.error }
          throw thrown.error
        }
        phase = 'after'
        // Without after hooks nobody reads the result: the Response (a stream
        // included) passes as it is.
        request.response =
          after.length === 0
            ? (response as unknown as MiddyResult)
            : await toResult(response, forward.method, kind, asText)
        for (let index = 0; index < after.length; index++) {
          const step = after[index]!
          let value = step.run(request)
          if (isThenable(value)) value = await value
          if (value !== undefined) {
            request.response = value as MiddyResult
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
            request.response = value as MiddyResult
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
    return await answer(group, request.response, phase, at, incoming, boundary)
  } catch (error) {
    const outer = inside?.outer
    if (outer !== undefined) outer.thrown = { error }
    // Converted and logged once already, at the boundary where it was thrown.
    if (converted !== undefined && converted.error === error) return converted.response
    if (boundary === undefined) throw error
    return boundary.convert(error, incoming)
  }
}

/**
 * Runs Middy middleware objects as **one** shallot layer, with Middy's algorithm
 * around `getResponse` (which plays Middy's Lambda handler), on the shapes Middy's
 * packages expect. Per request, with a fresh {@link MiddyRequest}:
 *
 * - `request.event` is the Lambda event: under `shallot/aws-lambda` a shallow copy of
 *   the event the adapter received and `request.context` its context; elsewhere an API
 *   Gateway v2 (HTTP API) event built from the request (its body read, the inner
 *   layers getting the same bytes) and `{}`.
 *
 * 1. every `before`, in list order. One that returns a value (not `undefined`) answers
 *    early: the remaining `before` hooks, `getResponse` and **every** `after` of the
 *    group are skipped. One that sets `request.response` without returning it lets
 *    the remaining `before` hooks run, then skips `getResponse` and the `after` hooks
 *    (Middy 5's check; Middy 6 only skips on a returned value).
 * 2. `getResponse(request)`: the inner layers and the view. They read the event the
 *    `before` hooks left with {@link middyEvent}. If the group has `after` hooks, the
 *    response, read to the end, becomes a Lambda result in `request.response`
 *    (`{ statusCode, headers, cookies | multiValueHeaders, body, isBase64Encoded }`,
 *    in the shape of the Lambda event's integration, HTTP API's elsewhere).
 * 3. every `after`, in **reverse** list order; a returned value replaces the response
 *    and skips the remaining `after` hooks.
 * 4. if a `before` or `after` threw, or the view threw (seen through this layer's
 *    `processException`: a layer inside that answers the error first hides it), or a
 *    `fromMiddy` layer inside left an error unhandled: `request.response` is reset to
 *    `undefined`, `request.error` is set, and every `onError` runs in reverse list
 *    order. A returned value, or `request.response` set by the end, is the answer
 *    (Middy's `http-error-handler` sets it); otherwise the error stays unhandled: it
 *    leaves the layer through its boundary (N2), or, when it came from inside, the
 *    response the stack already made of it is the answer. An error thrown by an
 *    `onError` skips the rest, gets the first error as its `originalError` and is
 *    thrown instead.
 *
 * The answer, a Lambda result or a `Response`, becomes the layer's `Response`: status,
 * `headers`, `multiValueHeaders` and `cookies` as headers, the body decoded from base64
 * when `isBase64Encoded`, and no `Content-Type` the result does not set.
 *
 * Where this differs from a stack of Django layers: an early return skips every
 * `after` of the group, where Django's onion lets the layers already entered see the
 * response (N18); give each object its own `fromMiddy` to get the onion. An error of a
 * plain shallot layer inside becomes a response at that layer's boundary (N2), so
 * `onError` never sees it.
 *
 * @param middlewares - Middy middleware objects (Middy's own packages included), each
 *   with at least one of `before`, `after` and `onError`, in Middy's `use` order.
 * @returns A middleware factory named `fromMiddy(<labels>)`: each object's `name`, or
 *   else its hooks, `phase:functionName` (just `phase` for an anonymous hook or one
 *   named after its key), joined with `+`; e.g. `fromMiddy(cors, before:auth+onError)`.
 *   The name appears in log lines and in this layer's messages.
 * @throws ImproperlyConfigured when `fromMiddy` is called, if an argument is not an
 *   object (`fromMiddy() middleware[0] must be an object with before, after or onError,
 *   got the function cors (call it: cors(), not cors).`), has none of the three hooks
 *   (`fromMiddy() middleware[1] has no before, after or onError.`), or has a hook that is
 *   not a function (`fromMiddy() middleware[0].after must be a function, got a string.`).
 *   Per request, an answer that cannot become a `Response` is a `NotAResponse` naming
 *   the hook and the field (`fromMiddy(json) middleware[0].after returned a result
 *   whose body is an object, not a string (serialize it, e.g. with JSON.stringify).`);
 *   it does not go through `onError` and becomes a 500 at this layer's boundary.
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
 *     if (request.event.headers?.['x-admin'] === '1') {
 *       return { statusCode: 503, body: 'down for maintenance' }
 *     }
 *   },
 * }
 * const stamp: MiddyMiddleware = {
 *   after: (request) => {
 *     calls.push('stamp.after')
 *     if (request.response) {
 *       request.response.headers = { ...request.response.headers, 'x-stamp': '1' }
 *     }
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
 * const admin = await handler(
 *   new Request('http://localhost/', { headers: { 'x-admin': '1' } }),
 * )
 * console.log(admin.status, admin.headers.get('x-stamp')) // 503 null
 * console.log(calls.join(', ')) // maintenance.before
 * ```
 */
export function fromMiddy(...middlewares: MiddyMiddleware[]): Middleware
/** Middy's own packages, typed for the `aws-lambda` package's event types. */
export function fromMiddy(
  ...middlewares: (MiddyMiddleware | ForeignMiddyMiddleware)[]
): Middleware
export function fromMiddy(...middlewares: unknown[]): Middleware {
  const group = groupOf(middlewares)
  const factory = (getResponse: Handler): Handler => {
    const handler: Handler = (request) => runGroup(group, handler, getResponse, request)
    // Inside createHandler the layer converts its own errors in the promise it makes
    // anyway, instead of paying for a separate boundary (one promise step).
    return Object.assign(handler, {
      [withBoundary]:
        (boundary: Boundary): Handler =>
        (request) =>
          runGroup(group, handler, getResponse, request, boundary),
      processException: recordViewError(handler),
    })
  }
  Object.defineProperty(factory, 'name', { value: group.name })
  return factory
}
