/**
 * The platform objects a fetch-native runtime passes next to each request (Workers'
 * `env` and `ctx`, Deno's `info`, Bun's `server`), kept beside the request they came
 * with, so any layer of a stack can read them.
 *
 * @module
 */
import { attach, carry, read, requestSlot } from '../../src/internal/request-data.js'

/**
 * The part of a Workers `ExecutionContext` that shallot relies on, written
 * structurally so that no runtime's type package is needed: `waitUntil` keeps the
 * invocation alive until a promise settles; `passThroughOnException` (Workers only)
 * lets the request fall through to the origin if the worker throws.
 *
 * @example
 * ```ts
 * import type { ExecutionContextLike } from 'shallot/fetch'
 *
 * const pending: Promise<unknown>[] = []
 * const ctx: ExecutionContextLike = { waitUntil: (promise) => void pending.push(promise) }
 * ctx.waitUntil(Promise.resolve('flushed'))
 * console.log(pending.length) // 1
 * ```
 */
export interface ExecutionContextLike {
  /** Keeps the invocation alive until `promise` settles; the response goes at once. */
  waitUntil(promise: Promise<unknown>): void
  /** Workers only: if the worker throws, the request goes on to the origin. */
  passThroughOnException?(): void
}

/**
 * What `toFetchHandler` attached to a request: `env` is the second argument the
 * runtime passed to `fetch` (Workers: the bindings; Deno: the `ServeHandlerInfo`;
 * Bun: the `Server`; `undefined` when nothing was passed), `ctx` the third (Workers:
 * the `ExecutionContext`), or a stand-in with a `waitUntil` when the runtime passed
 * none (Deno, Bun, Node).
 *
 * @example
 * ```ts
 * import type { FetchPlatform } from 'shallot/fetch'
 *
 * type Env = { readonly GREETING: string }
 * const greeting = (platform: FetchPlatform<Env>) => platform.env.GREETING
 * ```
 */
export interface FetchPlatform<Env = unknown, Ctx = ExecutionContextLike> {
  /** Always `'fetch'`: the adapter that received the request. */
  readonly runtime: 'fetch'
  /** The runtime's second `fetch` argument (Workers' bindings); `undefined` if none. */
  readonly env: Env
  /** The runtime's third `fetch` argument, or a stand-in with `waitUntil`. */
  readonly ctx: Ctx
}

/** The platform objects `toFetchHandler` received, by request. */
const FETCH = requestSlot<FetchPlatform<unknown, unknown>>('fetch')

/** Records the platform objects of a request the adapter received. */
export function attachPlatform(
  request: Request,
  platform: FetchPlatform<unknown, unknown>,
): void {
  attach(request, FETCH, platform)
}

/**
 * The platform objects `toFetchHandler` received with `request`: `{ runtime: 'fetch',
 * env, ctx }`, or `undefined` for a request that did not come through it (a test
 * calling the handler directly, another adapter) or that a layer built anew with
 * `new Request(request, init)` without carrying what was attached (see
 * `carryPlatform`; the requests `bodyLimit` and `common` derive keep it).
 *
 * `Env` and `Ctx` only type the result; nothing is checked at run time.
 *
 * @param request - A request as a layer or the view received it.
 * @returns The platform objects, or `undefined`.
 * @throws Nothing.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fetchPlatform, toFetchHandler } from 'shallot/fetch'
 *
 * type Env = { readonly GREETING: string }
 * const app = toFetchHandler<Env>(
 *   createHandler({
 *     middleware: [],
 *     view: (request) => new Response(fetchPlatform<Env>(request)?.env.GREETING ?? 'no env'),
 *   }),
 * )
 * const ctx = { waitUntil() {} }
 * const response = await app.fetch(new Request('http://localhost/'), { GREETING: 'hi' }, ctx)
 * console.log(await response.text()) // hi
 * ```
 */
export function fetchPlatform<Env = unknown, Ctx = ExecutionContextLike>(
  request: Request,
): FetchPlatform<Env, Ctx> | undefined {
  return read(request, FETCH) as FetchPlatform<Env, Ctx> | undefined
}

/**
 * Gives `derived` the platform objects of `original`, for a layer that replaces the
 * request (`new Request(request, init)`) and wants the layers inside it to keep
 * reading `env` and `ctx`. It is `carryRequestData` from `shallot`: what outer layers
 * provided, and any other adapter's platform objects, are carried too. Does nothing
 * when `original` has nothing attached.
 *
 * @param original - The request the layer received.
 * @param derived - The request it passes on.
 * @returns `derived`, unchanged but for the association.
 * @throws Nothing.
 *
 * @example
 * ```ts
 * import { createHandler, type Middleware } from 'shallot'
 * import { carryPlatform, fetchPlatform, toFetchHandler } from 'shallot/fetch'
 *
 * const addHeader: Middleware = (getResponse) => (request) => {
 *   const headers = new Headers(request.headers)
 *   headers.set('x-trace', '1')
 *   return getResponse(carryPlatform(request, new Request(request, { headers })))
 * }
 * const app = toFetchHandler(
 *   createHandler({
 *     middleware: [addHeader],
 *     view: (request) => Response.json(fetchPlatform(request)?.env),
 *   }),
 * )
 * const response = await app.fetch(new Request('http://localhost/'), { region: 'eu' })
 * console.log(await response.text()) // {"region":"eu"}
 * ```
 */
export function carryPlatform<R extends Request>(original: Request, derived: R): R {
  return carry(original, derived)
}
