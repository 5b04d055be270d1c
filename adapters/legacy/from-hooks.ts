/**
 * `fromHooks`: Django's `MiddlewareMixin`, which carried hook-style classes into the
 * new-style onion.
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
  type Layer,
  type Middleware,
  type Req,
  type ResponseLike,
} from '../../src/index.js'
import { nameOf } from '../../src/internal/describe.js'
import { isThenable } from '../../src/internal/thenable.js'
import {
  assertHooks,
  construct,
  notAClass,
  type HookClass,
  type Hooks,
} from './hooks.js'

/** What a step of a hook layer yields: a response now, or later. */
type Out = ResponseLike | Promise<ResponseLike>

function built<R>(
  HookClass: HookClass<R>,
  name: string,
  getResponse: Handler<R>,
): Hooks<R> {
  const instance = construct(HookClass, name, [getResponse])
  assertHooks(instance, name)
  return instance
}

/**
 * The handler of a hook layer (Django's `MiddlewareMixin.__call__`). Without a
 * `boundary` it throws and rejects like any handler; with one (inside
 * `createHandler`) it never rejects: every error becomes this stack's response at this
 * layer. Per request it makes one promise reaction at most, for `processResponse`; a
 * hook's result is awaited only when it is a promise.
 */
function hookHandler<R>(
  name: string,
  instance: Hooks<R>,
  getResponse: Handler<R>,
  boundary?: Boundary,
): Handler<R> {
  const processRequest = instance.processRequest?.bind(instance)
  const processResponse = instance.processResponse?.bind(instance)
  /** An error where a value is expected: thrown unbounded, converted bounded. */
  const fail = (error: unknown, request: R): Out => {
    if (boundary === undefined) throw error
    return boundary.convert(error, request as Request)
  }
  const onRejected = (request: R) =>
    boundary && ((error: unknown) => boundary.convert(error, request as Request))
  const accept = (request: R, value: unknown): Out => {
    if (!isResponseLike(value)) {
      return fail(new NotAResponse(`${name}.processResponse`, value), request)
    }
    return boundary === undefined || value instanceof Response
      ? value
      : boundary.settle(value, request as Request)
  }
  const respond = (request: R, response: ResponseLike): Out => {
    let result: unknown
    try {
      result = processResponse!(request, response as Response)
    } catch (error) {
      return fail(error, request)
    }
    return isThenable(result)
      ? Promise.resolve(result).then(
          (value) => accept(request, value),
          onRejected(request),
        )
      : accept(request, result)
  }
  const afterRequest = (request: R, early: unknown): Out => {
    if (early == null) {
      const pending = getResponse(request)
      return processResponse === undefined
        ? pending
        : pending.then((response) => respond(request, response))
    }
    if (!isResponseLike(early)) {
      return fail(new NotAResponse(`${name}.processRequest`, early), request)
    }
    return processResponse === undefined
      ? accept(request, early)
      : respond(request, early)
  }
  return (request) => {
    try {
      const early = processRequest?.(request)
      const result = isThenable(early)
        ? Promise.resolve(early).then(
            (value) => afterRequest(request, value),
            onRejected(request),
          )
        : afterRequest(request, early)
      return (
        isThenable(result) ? result : Promise.resolve(result)
      ) as Promise<Response>
    } catch (error) {
      return boundary === undefined
        ? Promise.reject(error)
        : Promise.resolve(boundary.convert(error, request as Request))
    }
  }
}

/**
 * Turns a hook-style class into a middleware factory with Django's `MiddlewareMixin`
 * semantics (M3–M7):
 *
 * 1. `processRequest(request)`; a response short-circuits: the inner layers and the
 *    view never run, and only the layers already entered see it on the way out.
 * 2. Otherwise `getResponse(request)`: the inner layers and the view.
 * 3. `processResponse(request, response)`, whichever produced the response. If
 *    `processRequest` threw, this layer's `processResponse` does not run (M4): the
 *    error becomes a response at this layer's boundary.
 *
 * Its `processView`, `processException` and `processTemplateResponse` become the
 * layer's hooks, collected by `createHandler`. Hooks may be sync or async; a hook's
 * result is awaited only when it is a promise. The constructor runs once, when the
 * stack is built, and receives `getResponse`.
 *
 * Where shallot differs from Django (semantics D1, D2): a `processResponse` that
 * returns nothing becomes a 500 at this layer's boundary
 * (`<Class>.processResponse didn't return a Response object. It returned undefined
 * instead.`), and a template response from `processRequest` or `processResponse` is
 * rendered at this layer's boundary.
 *
 * @param HookClass - A class defining any of the five hooks.
 * @returns A middleware factory named after the class.
 * @throws ImproperlyConfigured (at once) when `HookClass` is not a class (an instance,
 *   an arrow function); (at build time, from `createHandler`) when the constructor
 *   throws anything but `MiddlewareNotUsed` (the error is its `cause`), or when the
 *   instance has a hook that is not a function, a misspelt hook (Django's snake_case,
 *   `processRequests`) or no hook at all; the message names the class and the hook.
 *
 * @example
 * ```ts
 * import { createHandler, PermissionDenied } from 'shallot'
 * import { fromHooks } from 'shallot/legacy'
 *
 * class IpAllowList {
 *   processRequest(request: Request) {
 *     if (request.headers.get('x-forwarded-for') !== '127.0.0.1') {
 *       throw new PermissionDenied('address not allowed')
 *     }
 *   }
 * }
 * const handler = createHandler({
 *   middleware: [fromHooks(IpAllowList)],
 *   view: () => new Response('welcome'),
 * })
 * console.log((await handler(new Request('http://localhost/'))).status) // 403
 * ```
 */
export function fromHooks<Requires extends object = {}>(
  HookClass: HookClass<Req<Requires>>,
): Middleware<Requires> {
  if (typeof HookClass !== 'function' || HookClass.prototype === undefined) {
    throw new ImproperlyConfigured(
      `fromHooks() needs a class with process* hooks, got ${notAClass(HookClass)}.`,
    )
  }
  const name = nameOf(HookClass)
  const factory = (getResponse: Handler<Req<Requires>>): Handler<Req<Requires>> => {
    const instance = built(HookClass, name, getResponse)
    const handler: Layer<Req<Requires>> = hookHandler(name, instance, getResponse)
    // Inside createHandler the layer converts its own errors within the one reaction
    // it makes anyway, instead of paying for a separate boundary (one promise step).
    Object.assign(handler, {
      [withBoundary]: (boundary: Boundary) =>
        hookHandler(name, instance, getResponse, boundary),
    })
    if (instance.processView) handler.processView = instance.processView.bind(instance)
    if (instance.processException) {
      handler.processException = instance.processException.bind(instance)
    }
    if (instance.processTemplateResponse) {
      handler.processTemplateResponse = instance.processTemplateResponse.bind(
        instance,
      ) as NonNullable<Layer<Req<Requires>>['processTemplateResponse']>
    }
    return handler
  }
  Object.defineProperty(factory, 'name', { value: name })
  return factory
}
