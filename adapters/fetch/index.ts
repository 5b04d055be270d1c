/**
 * `shallot/fetch`: a handler served by fetch-native runtimes (Cloudflare Workers,
 * Deno, Bun, edge functions), with the platform's `env` and `ctx` reachable from any
 * layer. Web standard APIs only.
 *
 * @module shallot/fetch
 */
export {
  toFetchHandler,
  type FetchHandler,
  type FetchHandlerOptions,
} from './to-fetch-handler.js'
export {
  carryPlatform,
  fetchPlatform,
  type ExecutionContextLike,
  type FetchPlatform,
} from './platform.js'
