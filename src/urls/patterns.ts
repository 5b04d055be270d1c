/**
 * `path()`, `rePath()` and `include()`: the URL patterns a URLconf is made of, checked
 * and compiled when they are written.
 *
 * @module
 */
import { assertFactories } from '../compose.js'
import { ImproperlyConfigured } from '../errors.js'
import { show } from '../internal/describe.js'
import { assertOptions, assertToken } from '../internal/option-checks.js'
import type { ProvidedBy } from '../order.js'
import type { AnyMiddleware, Req, View } from '../types.js'
import type { Converters } from './converters.js'
import { regexPiece, routePiece, type Piece } from './pieces.js'
import type {
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
  ReverseKwargsOf,
  RouteEntry,
  RouteNeeds,
  RouteView,
  UrlPattern,
} from './types.js'

/** A route to a view. */
export interface EndpointSpec {
  readonly kind: 'endpoint'
  readonly piece: Piece
  readonly view: View<any>
  readonly name: string | undefined
  readonly kwargs: Readonly<Record<string, unknown>>
  readonly methods: readonly string[] | undefined
  readonly middleware: readonly AnyMiddleware[]
  /** Exempt from `csrf()` given `exempt: conf.isCsrfExempt` (Django's `csrf_exempt`). */
  readonly csrfExempt: boolean
}

/** A prefix route to included patterns. */
export interface IncludeSpec {
  readonly kind: 'include'
  readonly piece: Piece
  readonly patterns: readonly Spec[]
  readonly namespace: string | undefined
}

export type Spec = EndpointSpec | IncludeSpec

/** Where a pattern object keeps its spec (and `include()`'s result its patterns). */
const SPEC = Symbol('shallot.urls.spec')

type WithSpec<T> = { readonly [SPEC]: T }

/** The spec of each pattern, or `ImproperlyConfigured` naming the culprit. */
export function specsOf(patterns: unknown, who: string): readonly Spec[] {
  if (!Array.isArray(patterns)) {
    throw new ImproperlyConfigured(
      `${who} takes an array of patterns, got ${show(patterns)}.`,
    )
  }
  return patterns.map((pattern: unknown, index) => {
    const spec = (pattern as Partial<WithSpec<unknown>> | null)?.[SPEC]
    if (typeof spec !== 'object' || spec === null || !('piece' in spec)) {
      throw new ImproperlyConfigured(
        `${who} patterns[${index}] is ${show(pattern)}, not a path() or rePath() pattern.`,
      )
    }
    return spec as Spec
  })
}

const wrap = <T>(spec: T): object => Object.freeze({ [SPEC]: spec })

/** The included patterns, if `view` is what `include()` returns. */
const includedIn = (view: unknown): Omit<IncludeSpec, 'kind' | 'piece'> | undefined => {
  const spec = (view as Partial<WithSpec<unknown>> | null)?.[SPEC]
  return typeof spec === 'object' && spec !== null && 'patterns' in spec
    ? (spec as Omit<IncludeSpec, 'kind' | 'piece'>)
    : undefined
}

const VIEW_OPTIONS = [
  'name',
  'kwargs',
  'converters',
  'methods',
  'middleware',
  'csrfExempt',
]

/** Builds the spec of a pattern from its piece compiler, view and options. */
function pattern(
  who: string,
  piece: (endpoint: boolean, converters: Converters) => Piece,
  view: unknown,
  options: unknown,
): object {
  const included = includedIn(view)
  assertOptions(options, included ? ['converters'] : VIEW_OPTIONS, who)
  const {
    name,
    kwargs = {},
    converters = {},
    methods,
    middleware = [],
    csrfExempt = false,
  } = (options ?? {}) as Partial<Record<string, unknown>>
  if (typeof converters !== 'object' || converters === null) {
    throw new ImproperlyConfigured(
      `${who} converters must be an object, got ${show(converters)}.`,
    )
  }
  const compiled = piece(included === undefined, converters as Converters)
  if (included)
    return wrap<IncludeSpec>({ kind: 'include', piece: compiled, ...included })
  if (typeof view !== 'function') {
    throw new ImproperlyConfigured(
      `${who} ${show(compiled.source)} needs a view function or include(), got ${show(view)}.`,
    )
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new ImproperlyConfigured(`${who} name must be a string, got ${show(name)}.`)
  }
  if (typeof kwargs !== 'object' || kwargs === null) {
    throw new ImproperlyConfigured(
      `${who} kwargs must be an object, got ${show(kwargs)}.`,
    )
  }
  if (methods !== undefined) {
    if (!Array.isArray(methods) || methods.length === 0) {
      throw new ImproperlyConfigured(
        `${who} methods must be a non-empty array of method names, got ${show(methods)}.`,
      )
    }
    methods.forEach((method, index) => assertToken(method, `${who} methods[${index}]`))
  }
  if (!Array.isArray(middleware)) {
    throw new ImproperlyConfigured(
      `${who} middleware must be an array, got ${show(middleware)}.`,
    )
  }
  assertFactories(middleware, (index) => `${who} middleware[${index}]`)
  if (typeof csrfExempt !== 'boolean') {
    throw new ImproperlyConfigured(
      `${who} csrfExempt must be true or false, got ${show(csrfExempt)}.`,
    )
  }
  return wrap<EndpointSpec>({
    kind: 'endpoint',
    piece: compiled,
    view: view as View<any>,
    name,
    kwargs: kwargs as Record<string, unknown>,
    methods: (methods as string[] | undefined)?.map((method) => method.toUpperCase()),
    middleware: middleware as AnyMiddleware[],
    csrfExempt,
  })
}

/**
 * A route to included patterns: `path('users/', include(patterns, { namespace }))`.
 * The prefix's parameters reach every included view and are needed by `reverse`.
 */
export function path<
  const Route extends string,
  E extends RouteEntry,
  Needs extends object,
  const Cs extends Converters = {},
>(
  route: Route,
  included: Included<E, Needs>,
  options?: IncludeOptions<Cs>,
): UrlPattern<Prefixed<E, ReverseKwargsOf<Route, Cs>>, Needs>
/**
 * Django's `path()`: a route to a view. The view's kwargs are typed from the route
 * (`<int:id>` gives `id: number`); its request from an annotation, or from what
 * `options.middleware` provides.
 *
 * @param route - Django's route syntax, without the leading slash: literal text and
 *   `<converter:name>` parameters (`int`, `str` (the default), `slug`, `uuid`,
 *   `path`, or one of `options.converters`).
 * @param view - `(request, args, kwargs) => response`, or `include(...)`.
 * @param options - `name`, `kwargs`, `converters`, `methods`, `middleware`.
 * @returns The pattern, for `urls()` or `include()`.
 * @throws ImproperlyConfigured when the route starts with `/`, names a parameter twice
 *   or not as an identifier, uses an unknown converter, or an option is malformed.
 *
 * @example
 * ```ts
 * import { path } from 'shallot/urls'
 *
 * const detail = path('users/<int:id>/', (request, args, { id }) =>
 *   Response.json({ id: id + 1 }),
 * )
 * ```
 */
export function path<
  const Route extends string,
  const Ms extends readonly AnyMiddleware[] = [],
  R extends Request = Req<ProvidedBy<Ms>>,
  const Name extends string = never,
  const Cs extends Converters = {},
  const X extends object = {},
>(
  route: Route,
  view: RouteView<R, KwargsOf<Route, Cs> & X>,
  options?: PathOptions<Ms, Name, Cs, X>,
): UrlPattern<
  [Name] extends [never]
    ? never
    : {
        /** The route's name. */
        readonly name: Name
        /** The kwargs `reverse` takes for it. */
        readonly kwargs: ReverseKwargsOf<Route, Cs>
      },
  RouteNeeds<Ms, R>
>
export function path(route: string, view: unknown, options?: unknown): object {
  return pattern(
    'path()',
    (endpoint, converters) => routePiece(route, endpoint, converters),
    view,
    options,
  )
}

/** A regex route to included patterns: `rePath('^api/', include(patterns))`. */
export function rePath<E extends RouteEntry, Needs extends object>(
  regex: string,
  included: Included<E, Needs>,
): UrlPattern<E, Needs>
/**
 * Django's `re_path()`: a route given as a regular expression, matched from the start
 * of what is left of the path (a leading `^` is implied; end it with `$` to anchor
 * it). Named groups become string kwargs; without named groups, the unnamed ones are
 * positional args (U6). Not reversible: give `reverse` a `path()` route.
 *
 * @param regex - The regex source; Python's `(?P<name>...)` is accepted.
 * @param view - `(request, args, kwargs) => response`, or `include(...)`.
 * @param options - `kwargs`, `methods`, `middleware`.
 * @returns The pattern.
 * @throws ImproperlyConfigured when the regex does not compile or starts with `/`.
 *
 * @example
 * ```ts
 * import { rePath } from 'shallot/urls'
 *
 * const archive = rePath('^archive/(?<year>[0-9]{4})/$', (request, args, { year }) =>
 *   new Response(`archive of ${year}`),
 * )
 * ```
 */
export function rePath<
  const Regex extends string,
  const Ms extends readonly AnyMiddleware[] = [],
  R extends Request = Req<ProvidedBy<Ms>>,
  const X extends object = {},
>(
  regex: Regex,
  view: RouteView<R, RegexKwargsOf<Regex> & X>,
  options?: Omit<PathOptions<Ms, never, {}, X>, 'name' | 'converters'>,
): UrlPattern<never, RouteNeeds<Ms, R>>
export function rePath(regex: string, view: unknown, options?: unknown): object {
  return pattern('rePath()', () => regexPiece(regex), view, options)
}

/**
 * Django's `include()`: patterns to put under a prefix route, `path('users/',
 * include(patterns, { namespace: 'users' }))`. With a namespace, their names are
 * reversed as `namespace:name` (U7).
 *
 * @param patterns - `path()` and `rePath()` patterns.
 * @param options - `namespace`.
 * @returns What `path()` and `rePath()` take as their view.
 * @throws ImproperlyConfigured when an entry is not a pattern or the namespace is not
 *   a string without `:`.
 *
 * @example
 * ```ts
 * import { include, path, urls } from 'shallot/urls'
 *
 * const users = [path('<int:id>/', () => new Response('a user'), { name: 'detail' })]
 * const { reverse } = urls([path('users/', include(users, { namespace: 'users' }))])
 * console.log(reverse('users:detail', { id: 3 })) // /users/3/
 * ```
 */
export function include<
  const Ps extends readonly AnyPattern[],
  const Ns extends string = never,
>(
  patterns: Ps,
  options?: { readonly namespace?: Ns },
): Included<Namespaced<EntriesOf<Ps>, Ns>, NeedsOf<Ps>> {
  assertOptions(options, ['namespace'], 'include()')
  const namespace = options?.namespace
  if (
    namespace !== undefined &&
    (typeof namespace !== 'string' || /^$|:/.test(namespace))
  ) {
    throw new ImproperlyConfigured(
      `include() namespace must be a non-empty string without ':', got ${show(namespace)}.`,
    )
  }
  return Object.freeze({
    included: true,
    [SPEC]: { patterns: specsOf(patterns, 'include()'), namespace },
  })
}
