/**
 * What the runtime entries add to the shared stack: `/platform` answers `fetch` when
 * the adapter's objects are there (the shared suite), and an outer layer answers
 * `/platform/detail` with what the runtime passed as `env` and `ctx`, so each
 * runtime's test can check what the reference page says about them.
 */
import { createHandler, type Handler, type Middleware } from '../../../src/index.js'
import { fetchPlatform } from '../../../adapters/fetch/index.js'
import { sharedStack } from '../stack.js'

/** The JSON of `/platform/detail`. */
export interface PlatformDetail {
  readonly runtime: string | null
  /** `typeof` of each property of `env` (own and inherited methods), by name. */
  readonly env: Record<string, string> | string
  readonly greeting: unknown
  readonly remoteAddress: unknown
  readonly ctx: { readonly waitUntil: string; readonly passThroughOnException: string }
}

const describeFetchPlatform = (request: Request): string =>
  fetchPlatform(request)?.runtime ?? 'none'

function shapeOf(value: unknown): Record<string, string> | string {
  if (typeof value !== 'object' || value === null) return String(value)
  const shape: Record<string, string> = {}
  for (
    let object: object | null = value;
    object !== null && object !== Object.prototype;
    object = Object.getPrototypeOf(object) as object | null
  ) {
    for (const key of Object.getOwnPropertyNames(object)) {
      if (key === 'constructor' || key in shape) continue
      try {
        shape[key] = typeof (value as Record<string, unknown>)[key]
      } catch {
        shape[key] = 'throws'
      }
    }
  }
  return shape
}

/** The remote address as each runtime tells it: Deno's `info`, Bun's `server`. */
function remoteAddress(env: unknown, request: Request): unknown {
  const deno = env as { remoteAddr?: { hostname?: string } } | undefined
  if (deno?.remoteAddr !== undefined) return deno.remoteAddr.hostname
  const bun = env as { requestIP?(request: Request): { address: string } | null }
  if (typeof bun?.requestIP === 'function') return bun.requestIP(request)?.address
  return null
}

const platformDetail: Middleware = (getResponse) => async (request) => {
  if (new URL(request.url).pathname !== '/platform/detail') return getResponse(request)
  const platform = fetchPlatform<unknown, Record<string, unknown>>(request)
  const detail: PlatformDetail = {
    runtime: platform?.runtime ?? null,
    env: shapeOf(platform?.env),
    greeting: (platform?.env as { GREETING?: unknown } | undefined)?.GREETING ?? null,
    remoteAddress: remoteAddress(platform?.env, request),
    ctx: {
      waitUntil: typeof platform?.ctx['waitUntil'],
      passThroughOnException: typeof platform?.ctx['passThroughOnException'],
    },
  }
  return Response.json(detail)
}

/** The shared stack inside the `/platform/detail` layer. */
export function servedStack(): Handler {
  return createHandler({
    middleware: [platformDetail],
    view: sharedStack(describeFetchPlatform),
  })
}
