/**
 * The shapes every part of shallot shares: handlers, middleware factories, views
 * and the layer hooks that `createHandler` collects.
 *
 * @module
 */
import type { Renderable, TemplateResponse } from './template-response.js'

/**
 * An async function from a request to a response: the innermost view wrapped by the
 * stack, and every layer of it.
 *
 * @example
 * ```ts
 * import type { Handler } from 'shallot'
 *
 * const hello: Handler = async () => new Response('hello')
 * ```
 */
export type Handler<Req = Request, Res = Response> = (request: Req) => Promise<Res>

/** Phantom keys that carry a middleware's typed data contract; never present at run time. */
declare const requires: unique symbol
declare const provides: unique symbol

/**
 * What an outer layer added to the request: a `Request` with extra typed properties,
 * e.g. `Req<{ session: Session }>`.
 *
 * @example
 * ```ts
 * import type { Req } from 'shallot'
 *
 * type WithUser = Req<{ user: { name: string } }>
 * const greet = (request: WithUser) => new Response(`hi ${request.user.name}`)
 * ```
 */
export type Req<Data extends object = {}> = Request & Data

/**
 * A middleware factory: called once, when the stack is built, with the handler of
 * the layers inside it (`getResponse`); it returns the handler of its own layer.
 *
 * `Requires` is the data the layer reads from the request (an outer layer must
 * provide it); `Provides` is the data it adds for the layers inside it. Both default to
 * nothing, so a plain `Middleware` neither needs nor adds anything. `compose` and
 * `createHandler` check the order of a stack against these at compile time.
 *
 * @example
 * ```ts
 * import { provide, type Middleware } from 'shallot'
 *
 * const session: Middleware<{}, { session: { id: string } }> =
 *   (getResponse) => async (request) =>
 *     getResponse(provide(request, { session: { id: 'anonymous' } }))
 * ```
 */
export type Middleware<Requires extends object = {}, Provides extends object = {}> = ((
  getResponse: Handler<Req<Requires & Provides>>,
) => Handler<Req<Requires>>) & {
  /** Phantom: the data this middleware reads, in the type only, never at run time. */
  readonly [requires]?: Requires
  /** Phantom: the data this middleware adds, in the type only, never at run time. */
  readonly [provides]?: Provides
}

/**
 * The widest middleware type: what a stack's entries must be assignable to.
 *
 * @example
 * ```ts
 * import type { AnyMiddleware } from 'shallot'
 *
 * const stack: AnyMiddleware[] = [(getResponse) => (request) => getResponse(request)]
 * ```
 */
export type AnyMiddleware = (getResponse: Handler<any>) => Handler<any>

/** The data a middleware needs from outer layers (`{}` when it declares none). */
export type RequiresOf<M> = M extends {
  /** The data the middleware needs, read from its phantom key. */
  readonly [requires]?: infer R
}
  ? unknown extends R
    ? {}
    : R
  : {}

/** The data a middleware adds for inner layers (`{}` when it declares none). */
export type ProvidesOf<M> = M extends {
  /** The data the middleware adds, read from its phantom key. */
  readonly [provides]?: infer P
}
  ? unknown extends P
    ? {}
    : P
  : {}

/**
 * A template response or a `Response`: anything a view or hook may answer with.
 * Django's rule: anything with a callable `render` is a template response.
 */
export type ResponseLike = Response | TemplateResponse<any> | Renderable

/** A value, or a promise of it: hooks and views may be sync or async. */
export type MaybePromise<T> = T | Promise<T>

/** Positional arguments a resolver extracted from the URL (Django's `args`). */
export type ViewArgs = readonly unknown[]

/** Named arguments a resolver extracted from the URL (Django's `kwargs`). */
export type ViewKwargs = Readonly<Record<string, unknown>>

/**
 * The innermost function of a stack. It receives the request (with every layer's
 * data) and the `args` and `kwargs` the resolver extracted (empty for a single
 * `view`), and returns a response, a template response, or a promise of either.
 *
 * @example
 * ```ts
 * import type { View } from 'shallot'
 *
 * const article: View = (request, args, kwargs) => new Response(`article ${kwargs.slug}`)
 * ```
 */
export type View<R = Request> = (
  request: R,
  args: ViewArgs,
  kwargs: ViewKwargs,
) => MaybePromise<ResponseLike | null | undefined>

/**
 * What `resolve(request)` returns for a matched URL: Django's `ResolverMatch`.
 *
 * @example
 * ```ts
 * import type { Resolved } from 'shallot'
 *
 * const match: Resolved = { view: () => new Response('ok'), kwargs: { slug: 'hello' } }
 * ```
 */
export interface Resolved<R = Request> {
  /** The view that answers the matched request. */
  readonly view: View<R>
  /** Positional arguments for the view; default `[]`. */
  readonly args?: ViewArgs
  /** Named arguments for the view; default `{}`. */
  readonly kwargs?: ViewKwargs
}

/**
 * URL resolution: a match for the request, or `undefined` (or `null`) for none, which
 * becomes a 404 before any `processView` runs.
 */
export type Resolver<R = Request> = (
  request: R,
) => MaybePromise<Resolved<R> | null | undefined>

/**
 * What answers the requests of a stack: exactly one of `view` (one view for every
 * request) and `resolve` (a view chosen per request), as `createHandler`,
 * `legacyStack` and `compareStacks` take it.
 *
 * @example
 * ```ts
 * import type { ViewOrResolver } from 'shallot'
 *
 * const target: ViewOrResolver = { view: () => new Response('ok') }
 * ```
 */
export type ViewOrResolver<R = Request> =
  | {
      /** The view that answers every request. */
      readonly view: View<R>
      /** Not with `view`. */
      readonly resolve?: never
    }
  | {
      /** Chooses the view per request; `undefined` is a 404. */
      readonly resolve: Resolver<R>
      /** Not with `resolve`. */
      readonly view?: never
    }

/**
 * The optional hooks a layer's handler may carry; `createHandler` collects them once,
 * at build time, as Django's `load_middleware` does.
 *
 * - `processView` runs in stack order before the view; the first response wins and
 *   skips the rest and the view.
 * - `processException` runs innermost first when the view (or rendering) throws; the
 *   first response wins.
 * - `processTemplateResponse` runs innermost first on a template response before it is
 *   rendered, and must return a response.
 */
export interface LayerHooks<R = Request> {
  /**
   * Called before the view, in stack order, with the view and its arguments. A
   * response skips the remaining `processView` hooks and the view; `undefined` or
   * `null` lets the request go on.
   */
  processView?(
    request: R,
    view: View<R>,
    args: ViewArgs,
    kwargs: ViewKwargs,
  ): MaybePromise<ResponseLike | null | undefined | void>
  /**
   * Called, innermost first, when the view or rendering throws. A response is the
   * answer and stops the search; `undefined` or `null` passes the error to the next
   * layer out.
   */
  processException?(
    request: R,
    error: unknown,
  ): MaybePromise<ResponseLike | null | undefined | void>
  /**
   * Called, innermost first, on a template response before it is rendered; must
   * return a response (usually the same one, changed).
   */
  processTemplateResponse?(
    request: R,
    response: TemplateResponse<any> | Renderable,
  ): MaybePromise<ResponseLike | null | undefined>
}

/**
 * A layer's handler with its optional hooks, as a factory may return it.
 *
 * @example
 * ```ts
 * import { NotFound, type Layer } from 'shallot'
 *
 * const handle = async (request: Request) => new Response('ok')
 * const layer: Layer = Object.assign(handle, {
 *   processException: (request: Request, error: unknown) =>
 *     error instanceof RangeError ? new Response('bad range', { status: 416 }) : undefined,
 * })
 * ```
 */
export type Layer<R = Request> = Handler<R> & LayerHooks<R>
