/**
 * The types of `shallot/urls`: kwargs read from the route string, the names `reverse`
 * accepts, and what a URLconf's routes need from the stack around them. Types only.
 *
 * @module
 */
import type { ProvidedBy, RequiredBy } from '../order.js'
import type {
  AnyMiddleware,
  MaybePromise,
  Req,
  Resolved,
  ResponseLike,
  ViewArgs,
} from '../types.js'
import type { Converter, Converters } from './converters.js'

/** The `<...>` parameters of a route, as written (`int:id`, `name`). */
type ParamsOf<Route extends string> = Route extends `${string}<${infer P}>${infer Rest}`
  ? P | ParamsOf<Rest>
  : never
type NameOf<P extends string> = P extends `${string}:${infer N}` ? N : P
type KindOf<P extends string> = P extends `${infer C}:${string}` ? C : 'str'

/** The value a converter gives the view: `int` a number, a user converter its `toValue`'s. */
type ValueOf<C extends string, Cs> = C extends keyof Cs
  ? Cs[C] extends Converter<infer T>
    ? T
    : unknown
  : C extends 'int'
    ? number
    : string

/** What `reverse` takes for a parameter: what its converter's `toUrl` takes. */
type UrlValueOf<C extends string, Cs> = C extends keyof Cs
  ? Cs[C] extends { readonly toUrl: (value: infer T) => string }
    ? T
    : unknown
  : C extends 'int'
    ? number
    : string

/**
 * The kwargs a `path()` route gives its view, read from the route string:
 * `KwargsOf<'users/<int:id>/'>` is `{ readonly id: number }`.
 */
export type KwargsOf<Route extends string, Cs = {}> = {
  readonly [P in ParamsOf<Route> as NameOf<P>]: ValueOf<KindOf<P>, Cs>
}

/** The kwargs `reverse` needs for a route: each parameter as its converter's `toUrl` takes it. */
export type ReverseKwargsOf<Route extends string, Cs = {}> = {
  readonly [P in ParamsOf<Route> as NameOf<P>]: UrlValueOf<KindOf<P>, Cs>
}

/** The named groups of a `rePath()` regex (`(?<name>...)` or `(?P<name>...)`). */
type GroupsOf<Regex extends string> =
  Regex extends `${string}(?${'P' | ''}<${infer N}>${infer Rest}`
    ? N extends `${'=' | '!'}${string}`
      ? GroupsOf<Rest>
      : N | GroupsOf<Rest>
    : never

/** The kwargs a `rePath()` regex gives its view: its named groups, as strings (U6). */
export type RegexKwargsOf<Regex extends string> = {
  readonly [N in GroupsOf<Regex>]: string
}

/** A view of a URLconf: like `View`, with the request and kwargs typed. */
export type RouteView<R, K> = (
  request: R,
  args: ViewArgs,
  kwargs: K,
) => MaybePromise<ResponseLike | null | undefined>

/** A name `reverse` accepts, with the kwargs it needs. */
export interface RouteEntry {
  /** The full name, namespaces included (`users:detail`). */
  readonly name: string
  /** The kwargs `reverse` needs for it. */
  readonly kwargs: object
}

declare const routes: unique symbol

/**
 * What `path()` and `rePath()` return, for `urls()` and `include()`. The type carries
 * the route names with their kwargs (`Entries`) and what the route's view and
 * per-route middleware need from the global stack (`Needs`); nothing of it exists at
 * run time.
 */
export interface UrlPattern<
  Entries extends RouteEntry = never,
  Needs extends object = {},
> {
  /** Phantom: the names and needs, in the type only. */
  readonly [routes]?: {
    /** The route names, each with the kwargs `reverse` takes. */
    readonly entries: Entries
    /** What the routes need from the global stack. */
    readonly needs: Needs
  }
}

/** Any pattern: what `urls()` and `include()` take. */
export type AnyPattern = UrlPattern<any, any>

/** What `include()` returns: patterns for `path(prefix, included)`. */
export interface Included<
  Entries extends RouteEntry = never,
  Needs extends object = {},
> extends UrlPattern<Entries, Needs> {
  /** Brand: only `path()` and `rePath()` take it, as their second argument. */
  readonly included: true
}

/** The names (with kwargs) the patterns can reverse. */
export type EntriesOf<Ps extends readonly AnyPattern[]> = Ps[number] extends infer P
  ? P extends {
      /** The phantom, read for its entries. */
      readonly [routes]?: {
        /** The route names and kwargs. */
        readonly entries: infer E
      }
    }
    ? E
    : never
  : never

/** Everything the patterns need from the global stack, as one object type. */
export type NeedsOf<Ps extends readonly AnyPattern[]> = [
  Ps[number] extends infer P
    ? P extends {
        /** The phantom, read for its needs. */
        readonly [routes]?: {
          /** What the routes need. */
          readonly needs: infer N
        }
      }
      ? (needs: N) => void
      : never
    : never,
] extends [(needs: infer All) => void]
  ? All extends object
    ? All
    : {}
  : {}

/** Entries under `include(..., { namespace })`: each name `namespace:name` (U7). */
export type Namespaced<E extends RouteEntry, Ns extends string> = [Ns] extends [never]
  ? E
  : E extends RouteEntry
    ? {
        /** The name, under its namespace. */
        readonly name: `${Ns}:${E['name']}`
        /** The kwargs `reverse` takes. */
        readonly kwargs: E['kwargs']
      }
    : never

/** Entries under a prefix route: its parameters are needed too. */
export type Prefixed<E extends RouteEntry, K extends object> = E extends RouteEntry
  ? {
      /** The name, as the included route gives it. */
      readonly name: E['name']
      /** Its kwargs and the prefix's. */
      readonly kwargs: E['kwargs'] & K
    }
  : never

/** What a route needs from the global stack: its middleware's needs and its view's. */
export type RouteNeeds<Ms extends readonly AnyMiddleware[], R> = Flat<
  RequiredBy<Ms> & Omit<R, keyof Request | keyof ProvidedBy<Ms>>
>

/** One object type, for readable messages: `{ user: User }`, not `Omit<...> & ...`. */
type Flat<T> = { [K in keyof T]: T[K] }

/** `reverse`'s kwargs argument: optional when the route has no parameter. */
export type ReverseArgs<K> = {} extends K ? [kwargs?: K] : [kwargs: K]

/** What `resolve` returns for a match: Django's `ResolverMatch`. */
export interface UrlMatch<R = Request> extends Resolved<R> {
  /** The full route, prefixes included (`users/<int:id>/`), Django's `route`. */
  readonly route: string
  /** The full name, namespaces included (`users:detail`), or `undefined`. */
  readonly name: string | undefined
}

/** `path()`'s options for a view. */
export interface PathOptions<
  Ms extends readonly AnyMiddleware[],
  Name extends string,
  Cs extends Converters,
  X extends object,
> {
  /** The name `reverse` finds the route by (Django's `name`). */
  readonly name?: Name
  /** Extra kwargs for the view; they win over captured ones (U7). */
  readonly kwargs?: X
  /** User converters by the name routes use: `<hex:n>` with `{ hex }`. */
  readonly converters?: Cs
  /** The methods the route answers; another gets a 405 with `Allow`. Default: all. */
  readonly methods?: readonly string[]
  /** A stack around this route's view only, outermost first. */
  readonly middleware?: Ms
  /**
   * Exempts the route from `csrf()` when the stack passes it
   * `exempt: conf.isCsrfExempt` (Django's `csrf_exempt`): for a webhook that other
   * sites post to. Default `false`.
   */
  readonly csrfExempt?: boolean
}

/** `path()`'s options for an `include()`. */
export interface IncludeOptions<Cs extends Converters> {
  /** User converters by the name the prefix route uses. */
  readonly converters?: Cs
}

/** `urls()`'s result: the resolver for `createHandler`, `reverse`, and `isValidPath`. */
export interface UrlConf<E extends RouteEntry = never, Needs extends object = {}> {
  /**
   * The resolver for `createHandler({ resolve })` and `legacyStack({ resolve })`: the
   * first route matching the path (without its leading slash) and method, `undefined`
   * for none; a path that matches only with other methods throws `MethodNotAllowed`.
   */
  readonly resolve: (request: Req<Needs>) => UrlMatch<Req<Needs>> | undefined
  /**
   * The URL of a named route (`'/users/3/'`), Django's `reverse`; names and kwargs are
   * checked at compile time.
   *
   * @throws NoReverseMatch when no route of that name accepts the kwargs.
   */
  readonly reverse: <const N extends E['name']>(
    name: N,
    ...kwargs: ReverseArgs<Extract<E, { readonly name: N }>['kwargs']>
  ) => string
  /**
   * Whether a pathname (`/users/3/`) resolves, whatever the method (Django's
   * `is_valid_path`): pass it to `common({ isValidPath })` for `APPEND_SLASH`.
   */
  readonly isValidPath: (pathname: string) => boolean
  /**
   * Whether the route a request resolves to (path and method) has `csrfExempt: true`:
   * pass it to `csrf({ exempt: conf.isCsrfExempt })`. A request that resolves to no
   * route, or only to routes for other methods, is not exempt.
   */
  readonly isCsrfExempt: (request: Request) => boolean
}
