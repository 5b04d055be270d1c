/**
 * `compose`: the right fold of middleware factories, applied once.
 *
 * @module
 */
import { ImproperlyConfigured } from './errors.js'
import { describe, nameOf } from './internal/describe.js'
import { isThenable } from './internal/thenable.js'
import type { RequiredBy, ProvidedBy } from './order.js'
import type { AnyMiddleware, Handler, Middleware } from './types.js'

/** Where a composed middleware keeps its parts, so `createHandler` can flatten it. */
const PARTS = Symbol('shallot.parts')

/** The factories a composed middleware was built from, flattened; itself otherwise. */
export function partsOf(middleware: AnyMiddleware): readonly AnyMiddleware[] {
  return (middleware as { [PARTS]?: readonly AnyMiddleware[] })[PARTS] ?? [middleware]
}

/** Throws `ImproperlyConfigured` naming the first entry that is not a function. */
export function assertFactories(
  entries: readonly unknown[],
  label: (index: number) => string,
): void {
  entries.forEach((entry, index) => {
    if (typeof entry !== 'function') {
      throw new ImproperlyConfigured(
        `${label(index)} is ${describe(entry)}, not a middleware factory.`,
      )
    }
  })
}

/** Calls a factory and checks that it returned a handler (N5). */
export function applyFactory(factory: AnyMiddleware, next: Handler<any>): Handler<any> {
  const handler: unknown = factory(next)
  if (typeof handler === 'function') return handler as Handler<any>
  const thenable = isThenable(handler)
  // An async factory's promise is dropped here; keep its rejection from going unhandled.
  if (thenable) handler.then(undefined, () => {})
  throw new ImproperlyConfigured(
    `Middleware factory ${nameOf(factory)} returned ${describe(handler)}.` +
      (thenable
        ? ' A factory must return its handler synchronously: make it not async.'
        : ''),
  )
}

/**
 * Composes middleware factories into one: `compose(a, b, c)(h)` is `a(b(c(h)))`, so
 * `a` is the outermost layer. `compose()` is the identity. Each factory runs once per
 * application of the result, never per request: what is left at request time is
 * exactly the handlers the factories returned.
 *
 * Order is checked at compile time: a middleware whose `Requires` no earlier entry
 * provides passes that requirement on to the composed middleware.
 *
 * Inside `createHandler`, a composed middleware counts as its parts, each with its own
 * error boundary and hooks.
 *
 * @param middleware - Factories, outermost first.
 * @returns One factory.
 * @throws ImproperlyConfigured when an entry is not a function (at once), or when a
 *   factory returns something that is not a function (when applied).
 *
 * @example
 * ```ts
 * import { compose, type Middleware } from 'shallot'
 *
 * const log: string[] = []
 * const tag =
 *   (name: string): Middleware =>
 *   (getResponse) =>
 *   async (request) => {
 *     log.push(`${name} in`)
 *     const response = await getResponse(request)
 *     log.push(`${name} out`)
 *     return response
 *   }
 * const handler = compose(tag('a'), tag('b'))(async () => new Response('view'))
 * await handler(new Request('http://localhost/'))
 * console.log(log.join(', ')) // a in, b in, b out, a out
 * ```
 */
export function compose<Ms extends readonly AnyMiddleware[] | []>(
  ...middleware: Ms
): Middleware<RequiredBy<Ms>, ProvidedBy<Ms>> {
  assertFactories(middleware, (index) => `compose() argument ${index}`)
  const parts = middleware.flatMap(partsOf)
  const composed = (getResponse: Handler<any>): Handler<any> =>
    parts.reduceRight((handler, factory) => applyFactory(factory, handler), getResponse)
  Object.defineProperty(composed, PARTS, { value: parts })
  return composed as Middleware<RequiredBy<Ms>, ProvidedBy<Ms>>
}
