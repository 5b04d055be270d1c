/**
 * `toFetchHandler`: a shallot handler as the `{ fetch }` object that Workers, Deno,
 * Bun and edge functions serve.
 *
 * @module
 */
import {
  ImproperlyConfigured,
  NotAResponse,
  responseForError,
  type Handler,
  type Logger,
} from '../../src/index.js'
import { typeName } from '../../src/internal/describe.js'
import { platformResponse } from '../../src/internal/held-body.js'
import { log } from '../../src/internal/log.js'
import { isResponse } from '../../src/internal/response.js'
import { attachPlatform, type ExecutionContextLike } from './platform.js'

/**
 * What `toFetchHandler` returns: an object with a `fetch(request, env?, ctx?)` method,
 * the shape of a Workers module's default export, of `deno serve`'s default export
 * and of `Bun.serve`'s options. `fetch` does not use `this`, so it may be passed on
 * alone (`Deno.serve(app.fetch)`).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { toFetchHandler, type FetchHandler } from 'shallot/fetch'
 *
 * const app: FetchHandler = toFetchHandler(
 *   createHandler({ middleware: [], view: () => new Response('ok') }),
 * )
 * ```
 */
export interface FetchHandler<Env = unknown, Ctx = ExecutionContextLike> {
  /**
   * Answers one request. `env` and `ctx` are kept for `fetchPlatform(request)`.
   * Never rejects.
   */
  readonly fetch: (request: Request, env?: Env, ctx?: Ctx) => Promise<Response>
}

/**
 * Options of `toFetchHandler`: `logger` receives the error of a handler that rejects
 * or throws (a handler from `createHandler` never does) and of a `waitUntil` promise
 * that rejects where the runtime passed no `ctx`. Default `console`.
 *
 * @example
 * ```ts
 * import type { FetchHandlerOptions } from 'shallot/fetch'
 *
 * const options: FetchHandlerOptions = {
 *   logger: { debug() {}, info() {}, warn() {}, error: (message) => console.log(message) },
 * }
 * ```
 */
export interface FetchHandlerOptions {
  /** Gets the handler's and `waitUntil`'s stray errors; default `console`. */
  readonly logger?: Logger | undefined
}

/**
 * Turns a handler into `{ fetch(request, env?, ctx?) }` for fetch-native runtimes.
 * Each call records `{ runtime: 'fetch', env, ctx }` for the request object it
 * received, where `fetchPlatform(request)` finds it, then calls the handler with that
 * same request and returns its response untouched (status, headers, streamed body).
 *
 * - `env` is whatever the runtime passed second: Workers' bindings, Deno's
 *   `ServeHandlerInfo` (`remoteAddr`), Bun's `Server`, or `undefined`.
 * - `ctx` is what it passed third (Workers' `ExecutionContext`); where it passed
 *   nothing (Deno, Bun, Node), a stand-in whose `waitUntil(promise)` lets the promise
 *   run and logs its rejection, since those servers outlive the response anyway.
 * - A handler that rejects or throws (a handler from `createHandler` never does), or
 *   resolves with something that is not a `Response` (of any realm; a plain object
 *   shaped like one is not), answers `500 Internal Server Error` with no detail, the
 *   error going to `logger`.
 * - A response from the helpers (`text()`, `json()`, `html()`) is handed over as a
 *   plain `Response` with the same status, headers and body: runtimes read a
 *   response's internal slots, where a helper's keeps no body. One whose body was
 *   read already answers 500 as above.
 *
 * `Env` and `Ctx` type `fetch`'s parameters (so the result can be checked against a
 * runtime's own types, e.g. `satisfies ExportedHandler<Env>` on Workers); read them
 * back with `fetchPlatform<Env, Ctx>(request)`.
 *
 * @param handler - The stack, usually from `createHandler`.
 * @param options - `logger` (default `console`).
 * @returns `{ fetch }`; `fetch` never rejects.
 * @throws ImproperlyConfigured when `handler` is not a function.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fetchPlatform, toFetchHandler } from 'shallot/fetch'
 *
 * type Env = { readonly NAME: string }
 * const app = toFetchHandler<Env>(
 *   createHandler({
 *     middleware: [],
 *     view: (request) => new Response(`hello ${fetchPlatform<Env>(request)?.env.NAME}`),
 *   }),
 * )
 * // A Workers module would `export default app`; here we call it as the runtime does.
 * const ctx = { waitUntil() {}, passThroughOnException() {} }
 * const response = await app.fetch(new Request('http://localhost/'), { NAME: 'ada' }, ctx)
 * console.log(response.status, await response.text()) // 200 hello ada
 * ```
 */
export function toFetchHandler<Env = unknown, Ctx = ExecutionContextLike>(
  handler: Handler,
  options: FetchHandlerOptions = {},
): FetchHandler<Env, Ctx> {
  if (typeof handler !== 'function') {
    throw new ImproperlyConfigured(
      `toFetchHandler() needs a handler, (request) => Promise<Response>, got ${typeName(handler)}.`,
    )
  }
  const logger = options.logger ?? console
  const standIn: ExecutionContextLike = {
    waitUntil(promise) {
      Promise.resolve(promise).catch((error: unknown) =>
        log(logger, 'error', 'A promise passed to ctx.waitUntil() rejected', error),
      )
    },
  }
  // An error page is made as `text()` makes its responses: the runtime needs it plain.
  const fail = (error: unknown, request: Request) =>
    platformResponse(responseForError(error, request, { debug: false, logger }, 500))
  return {
    fetch: async (request, env, ctx) => {
      attachPlatform(request, { runtime: 'fetch', env, ctx: ctx ?? standIn })
      let response: unknown
      try {
        response = await handler(request)
      } catch (error) {
        return fail(error, request)
      }
      // The runtime would refuse a plain object; one of another realm it takes.
      if (!isResponse(response)) {
        return fail(new NotAResponse('The handler', response), request)
      }
      try {
        // A helper's (`text()`...) body is not where the runtime reads it.
        return platformResponse(response)
      } catch (error) {
        return fail(error, request)
      }
    },
  }
}
