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
  type Handler,
  type Layer,
  type Middleware,
  type Req,
  type ResponseLike,
} from '../../src/index.js'
import { misspeltHooks, type HookClass, type Hooks } from './hooks.js'

type Maybe = ResponseLike | null | undefined | void

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

function built<R>(HookClass: HookClass<R>, getResponse: Handler<R>): Hooks<R> {
  const name = HookClass.name || 'anonymous'
  const instance = new HookClass(getResponse)
  const misspelt = misspeltHooks(instance)
  if (misspelt.length > 0) {
    throw new ImproperlyConfigured(
      `${name} defines ${misspelt.join(', ')}: shallot calls camelCase hooks only.`,
    )
  }
  return instance
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
 * @throws ImproperlyConfigured (at once) when `HookClass` is not a class; (at build
 *   time) when an instance defines Django's snake_case names instead of camelCase.
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
      `fromHooks() needs a class with process* hooks, got ${
        typeof HookClass === 'function' ? 'an arrow function' : typeof HookClass
      }.`,
    )
  }
  const name = HookClass.name || 'anonymous'
  const factory = (getResponse: Handler<Req<Requires>>): Handler<Req<Requires>> => {
    const instance = built(HookClass, getResponse)
    const processRequest = instance.processRequest?.bind(instance)
    const processResponse = instance.processResponse?.bind(instance)
    type R = Req<Requires>

    // Per request, a layer costs one promise reaction at most: a hook's result is
    // awaited only when it is a promise, and the closures below exist only for the
    // hooks the class defines.
    const checked = (value: unknown): ResponseLike => {
      if (isResponseLike(value)) return value
      throw new NotAResponse(`${name}.processResponse`, value)
    }
    const respond = (request: R, response: ResponseLike): Maybe | Promise<Maybe> => {
      const result = processResponse!(request, response as Response)
      return isThenable(result)
        ? Promise.resolve(result).then(checked)
        : checked(result)
    }
    const inner: (request: R) => Promise<Maybe> =
      processResponse === undefined
        ? getResponse
        : (request) =>
            getResponse(request).then((response) => respond(request, response))
    const afterRequest = (request: R, early: unknown): Maybe | Promise<Maybe> => {
      if (early == null) return inner(request)
      if (!isResponseLike(early))
        throw new NotAResponse(`${name}.processRequest`, early)
      return processResponse === undefined ? early : respond(request, early)
    }
    const handler: Layer<R> =
      processRequest === undefined
        ? (request) => inner(request) as Promise<Response>
        : (request) => {
            try {
              const early = processRequest(request)
              const result = isThenable(early)
                ? Promise.resolve(early).then((value) => afterRequest(request, value))
                : afterRequest(request, early)
              return (
                isThenable(result) ? result : Promise.resolve(result)
              ) as Promise<Response>
            } catch (error) {
              return Promise.reject(error)
            }
          }
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
  return factory as Middleware<Requires>
}
