/**
 * `shallot/urls`: Django's `django.urls`. A URLconf of `path()` and `rePath()` routes,
 * `include()`d under prefixes, compiled by `urls()` into the resolver `createHandler`
 * takes and the `reverse` that builds URLs back, both typed from the route strings.
 *
 * @module shallot/urls
 */
import { forStack, type StackSettings } from '../internal/stack-settings.js'
import type { View } from '../types.js'
import { matchable, routePathOf } from './decode.js'
import { find, flatten, index, matchEndpoint, type Endpoint } from './matcher.js'
import { specsOf } from './patterns.js'
import { reverser } from './reverse.js'
import { routeStack } from './route-stack.js'
import type { AnyPattern, EntriesOf, NeedsOf, UrlConf, UrlMatch } from './types.js'

export type { Converter, Converters } from './converters.js'
export { include, path, rePath } from './patterns.js'
export { NoReverseMatch } from './reverse.js'
export type {
  AnyPattern,
  EntriesOf,
  Included,
  IncludeOptions,
  KwargsOf,
  Namespaced,
  NeedsOf,
  PathOptions,
  Prefixed,
  RegexKwargsOf,
  ReverseArgs,
  ReverseKwargsOf,
  RouteEntry,
  RouteNeeds,
  RouteView,
  UrlConf,
  UrlMatch,
  UrlPattern,
} from './types.js'

/** The views `resolve` hands out: the route's own, or its stack around it. */
function viewsFor(endpoints: readonly Endpoint[], settings: StackSettings) {
  const views = new Map<Endpoint, View<any>>()
  for (const endpoint of endpoints) {
    const { view, middleware } = endpoint.spec
    views.set(
      endpoint,
      middleware.length === 0 ? view : routeStack(view, middleware, settings),
    )
  }
  return views
}

/**
 * Compiles a URLconf (Django's `urlpatterns`): `resolve` for `createHandler({ resolve
 * })` or `legacyStack({ resolve })`, `reverse` for building URLs, and `isValidPath`
 * for `common({ isValidPath })`, and `isCsrfExempt` for `csrf({ exempt })`.
 *
 * Routes are matched against the path without its leading slash, in list order; the
 * first that matches and accepts the method wins. The path is percent-decoded segment
 * by segment: an escaped `/` (`%2F`) stays inside its segment, so `<str:name>` matches
 * `a%2Fb` and gets `a/b`. A path that matches only routes for other methods is a 405
 * with `Allow`; HEAD is served by a GET route unless a route accepts HEAD itself.
 *
 * Per-route `middleware` is built here with the default settings, and again by each
 * `createHandler` the resolver is given to, with that stack's options (`debug`,
 * `logger`...), so its errors are shown and logged as the global stack's.
 *
 * @param patterns - `path()` and `rePath()` patterns, in the order they are tried.
 * @returns `{ resolve, reverse, isValidPath, isCsrfExempt }`.
 * @throws ImproperlyConfigured when an entry is not a pattern, or a per-route stack
 *   cannot be built.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { include, path, urls } from 'shallot/urls'
 *
 * const users = [
 *   path('', () => Response.json([{ id: 1 }]), { name: 'list', methods: ['GET'] }),
 *   path('<int:id>/', (request, args, { id }) => Response.json({ id }), { name: 'detail' }),
 * ]
 * const { resolve, reverse } = urls([path('users/', include(users, { namespace: 'users' }))])
 * const handler = createHandler({ middleware: [], resolve })
 * const response = await handler(new Request(`http://localhost${reverse('users:detail', { id: 3 })}`))
 * console.log(await response.json()) // { id: 3 }
 * ```
 */
export function urls<const Ps extends readonly AnyPattern[]>(
  patterns: Ps,
): UrlConf<EntriesOf<Ps>, NeedsOf<Ps>> {
  const endpoints = flatten(specsOf(patterns, 'urls()'))
  const lookup = index(endpoints)
  /** The route the request's path and method reach (MethodNotAllowed for others only). */
  const matchOf = (request: Request) => {
    const path = matchable(routePathOf(request.url))
    return find(lookup(path), path, request.method)
  }
  const resolverFor = (settings: StackSettings) => {
    const views = viewsFor(endpoints, settings)
    const resolve = (request: Request): UrlMatch<any> | undefined => {
      const found = matchOf(request)
      if (found === undefined) return undefined
      const { endpoint, args, kwargs } = found
      return {
        view: views.get(endpoint)!,
        args,
        kwargs,
        route: endpoint.route,
        name: endpoint.name,
      }
    }
    return Object.assign(resolve, { [forStack]: resolverFor })
  }
  const isValidPath = (pathname: string): boolean => {
    const path = matchable(pathname.replace(/^\//, ''))
    return lookup(path).some((endpoint) => matchEndpoint(endpoint, path) !== undefined)
  }
  const isCsrfExempt = (request: Request): boolean => {
    try {
      return matchOf(request)?.endpoint.spec.csrfExempt === true
    } catch {
      return false // only routes for other methods: the 405 is not exempt
    }
  }
  return {
    resolve: resolverFor({}),
    reverse: reverser(endpoints),
    isValidPath,
    isCsrfExempt,
  } as UrlConf<EntriesOf<Ps>, NeedsOf<Ps>>
}
