/**
 * Composition as an fp-ts `Monoid`: `concat` is `compose`, `empty` is the identity.
 *
 * @module
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import { compose } from '../../src/index.js'
import type { Middleware } from '../../src/index.js'

/**
 * The monoid of middleware over one request type: `concat(a, b)` is `compose(a, b)`
 * (`a` outside `b`) and `empty` is `compose()`. Lets fp-ts fold a list of middleware
 * (`concatAll`) or combine optional layers (`Option` of a middleware) without special
 * cases. Associative: `concat(concat(a, b), c)` behaves as `concat(a, concat(b, c))`.
 *
 * @returns A `Monoid<Middleware<R>>` (a fresh object; the functions are shared).
 *
 * @example
 * ```ts
 * import { concatAll } from 'fp-ts/lib/Monoid.js'
 * import { getMiddlewareMonoid } from 'shallot/fp'
 * import { type Middleware } from 'shallot'
 *
 * const header =
 *   (name: string): Middleware =>
 *   (getResponse) =>
 *   async (request) => {
 *     const response = await getResponse(request)
 *     response.headers.append('x-layers', name)
 *     return response
 *   }
 * // Outermost first, as in a stack: `outer` wraps `inner`.
 * const stack = concatAll(getMiddlewareMonoid())([header('outer'), header('inner')])
 * const response = await stack(async () => new Response('ok'))(new Request('http://localhost/'))
 * console.log(response.headers.get('x-layers')) // inner, outer
 * ```
 */
export function getMiddlewareMonoid<R extends object = {}>(): Monoid<Middleware<R>> {
  return {
    concat: (outer, inner) => compose(outer, inner) as unknown as Middleware<R>,
    empty: compose() as unknown as Middleware<R>,
  }
}
