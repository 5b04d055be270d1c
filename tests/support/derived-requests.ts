/**
 * One stack for the adapters' "derived requests carry what was attached" tests: an
 * outer layer provides `{ user: 'ada' }`, then the request is derived on one of three
 * paths (chosen by the URL's path), and the view records what it can still read:
 *
 * - `/upload`: `bodyLimit` with a chunked body (no `Content-Length`) derives a request
 *   with a counted body;
 * - `/page` (no such page; `/page/` exists): `common`'s append-slash probe runs the
 *   inner layers again on a derived request;
 * - `/rewrite`: a layer of the user's derives `new Request(...)` with a new header and
 *   passes it through `carryRequestData`.
 *
 * Each adapter's test passes its own platform accessor as `platform`.
 */
import {
  carryRequestData,
  createHandler,
  NotFound,
  provide,
  type Handler,
  type Logger,
  type Middleware,
} from 'shallot'
import { bodyLimit, common } from 'shallot/middleware'

/** What the view saw on one call. */
export interface Seen {
  readonly path: string
  readonly platform: unknown
  readonly user: unknown
  readonly header: string | null
  readonly body: string
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** The stack, and what its view saw. */
export function derivingStack(platform: (request: Request) => unknown): {
  readonly handler: Handler
  readonly seen: Seen[]
} {
  const seen: Seen[] = []
  const user: Middleware<{}, { user: string }> = (getResponse) => (request) =>
    getResponse(provide(request, { user: 'ada' }))
  const rewrite: Middleware<{ user: string }> = (getResponse) => (request) => {
    if (new URL(request.url).pathname !== '/rewrite') return getResponse(request)
    const headers = new Headers(request.headers)
    headers.set('x-rewritten', '1')
    return getResponse(carryRequestData(request, new Request(request, { headers })))
  }
  const handler = createHandler({
    middleware: [user, common(), bodyLimit(1024), rewrite],
    view: async (request) => {
      const path = new URL(request.url).pathname
      seen.push({
        path,
        platform: platform(request),
        user: request.user,
        header: request.headers.get('x-rewritten'),
        body: request.body === null ? '' : await request.text(),
      })
      if (path === '/page') throw new NotFound()
      return new Response('ok')
    },
    logger: quiet,
  })
  return { handler, seen }
}

/** A chunked upload: a stream body, so no `Content-Length` is sent or set. */
export function chunkedBody(text: string): {
  body: ReadableStream<Uint8Array>
  duplex: 'half'
} {
  const bytes = new TextEncoder().encode(text)
  return {
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(bytes)
        controller.close()
      },
    }),
    duplex: 'half',
  }
}
