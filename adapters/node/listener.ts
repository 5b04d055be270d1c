/**
 * `toNodeListener`: a shallot handler as a `node:http` request listener.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Handler, Logger } from '../../src/index.js'
import { NodeRequest } from './lazy-request.js'
import { checkedOrigin, requestUrl, type OriginConfig } from './request-url.js'
import { BodyStreamError, writeResponse } from './write-response.js'

/**
 * Options of {@link toNodeListener} (and of `serve`, which passes them on).
 *
 * @example
 * ```ts
 * import type { NodeListenerOptions } from 'shallot/node'
 *
 * const options: NodeListenerOptions = {
 *   maxBodySize: 10 * 1024 * 1024,
 *   origin: 'https://example.com',
 * }
 * ```
 */
export interface NodeListenerOptions {
  /**
   * The largest request body, in bytes, the adapter lets the stack read. A request
   * whose `Content-Length` is larger is answered 413 before the stack runs; a body
   * that grows past it while read (chunked) makes the read fail with an
   * `HttpError(413)`, and the response is a 413 unless its headers were already sent.
   * Default 1 MiB (1,048,576); `Infinity` turns the check off.
   */
  readonly maxBodySize?: number
  /**
   * The origin of every request URL (`https://example.com`), whatever the `Host`
   * header says: for a server behind a proxy that rewrites `Host`, or to stop
   * clients from choosing the host the stack sees. Default: `http://` (or `https://`
   * on a TLS socket) plus the `Host` header.
   */
  readonly origin?: string
  /**
   * Take the protocol and host of request URLs from `X-Forwarded-Proto` and
   * `X-Forwarded-Host` (their first values) when present. Only behind a proxy that
   * sets both and strips what clients send: otherwise a client picks the host your
   * stack sees. Default `false`. Ignored when `origin` is set.
   */
  readonly trustProxy?: boolean
  /**
   * Where the adapter reports its own failures: `warn` for requests it refuses (400,
   * 413), `error` for a handler that rejects or resolves with something else than a
   * `Response` (answered 500) and for a response body stream that fails mid-way (the
   * connection is closed). Clients never see the details. Default: `console`.
   */
  readonly logger?: Logger
}

/** A `node:http` request listener, as `http.createServer` takes it. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void

interface Config extends OriginConfig {
  readonly maxBodySize: number
  readonly logger: Logger
}

const DEFAULT_MAX_BODY_SIZE = 1024 * 1024

function configFrom(options: NodeListenerOptions): Config {
  const { maxBodySize = DEFAULT_MAX_BODY_SIZE, trustProxy = false } = options
  if (typeof maxBodySize !== 'number' || Number.isNaN(maxBodySize) || maxBodySize < 0) {
    throw new RangeError(
      `toNodeListener: maxBodySize must be a number of bytes, 0 or more (or Infinity), got ${String(maxBodySize)}.`,
    )
  }
  return {
    maxBodySize,
    trustProxy,
    origin: options.origin === undefined ? undefined : checkedOrigin(options.origin),
    logger: options.logger ?? console,
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
}

/** A short plain-text answer from the adapter itself; details go to the log only. */
function plain(res: ServerResponse, status: 400 | 413 | 500): void {
  const text = `${status} ${REASONS[status]}\n`
  res.writeHead(status, [
    'content-type',
    'text/plain; charset=utf-8',
    'content-length',
    String(text.length),
    // The rest of the request may still be on its way: don't read it as the next one.
    ...(status === 500 ? [] : ['connection', 'close']),
  ])
  res.end(text)
}

/** A 500 when nothing was sent yet, else a cut connection; says which, for the log. */
function fail(res: ServerResponse): string {
  if (!res.headersSent) {
    plain(res, 500)
    return 'answered 500'
  }
  res.destroy()
  return 'the connection was closed'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return value.constructor?.name ? `a ${value.constructor.name}` : 'an object'
}

/**
 * Turns a handler into a `(req, res)` listener for `http.createServer` (or
 * `https.createServer`): each request becomes a `Request` for the handler, and the
 * `Response` it resolves with is written back, streamed when its body is a stream.
 *
 * The `Request` is built lazily: method, URL and headers cost nothing until read, and
 * the body is read from the socket only when the stack reads it. It passes
 * `instanceof Request`, but `new Request(request, init)` and `fetch(request)` refuse
 * it: pass them `realRequest(request)`. `nodePlatform(request)` gives the `node:http`
 * objects behind it.
 *
 * - A host or request target that makes no URL, or more than one `Host` header: 400,
 *   and the stack never runs.
 * - A body larger than `maxBodySize`: 413 (see the option).
 * - A handler that rejects, or resolves with something that is not a `Response`:
 *   500 with no detail, logged. (A `createHandler` handler never rejects.)
 * - A response body stream that fails after the headers were sent: the connection is
 *   closed, so the client sees a truncated response; logged.
 * - HEAD, 204 and 304 answers carry no body; `Content-Length` is set when the body is
 *   a string or bytes; each `Set-Cookie` stays a header of its own.
 * - Hop-by-hop fields of the response (`Connection`, `Keep-Alive`,
 *   `Transfer-Encoding` and the fields `Connection` names, as a response passed through
 *   from `fetch()` has them) are left out: Node sets this connection's. A
 *   `Connection: close` from the handler is kept, and closes the connection.
 * - `request.signal` aborts when the client disconnects before the response is sent.
 *
 * @param handler - The handler to run per request, typically from `createHandler`.
 * @param options - Body size limit, origin handling, logger: {@link NodeListenerOptions}.
 * @returns The listener. It never throws and never rejects; failures are answered and
 *   logged.
 * @throws RangeError when `maxBodySize` is negative or not a number; TypeError when
 *   `origin` is not an `http:`/`https:` origin. Both at once, not per request.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { createHandler } from 'shallot'
 * import { toNodeListener } from 'shallot/node'
 *
 * const handler = createHandler({
 *   middleware: [],
 *   view: async (request) => new Response(`got ${(await request.text()).length} bytes`),
 * })
 * const server = createServer(toNodeListener(handler, { maxBodySize: 1024 }))
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as { port: number }
 * const small = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'hi' })
 * console.log(await small.text()) // got 2 bytes
 * const big = await fetch(`http://127.0.0.1:${port}/`, {
 *   method: 'POST',
 *   body: 'x'.repeat(2048),
 * })
 * console.log(big.status) // 413
 * server.closeAllConnections()
 * server.close()
 * ```
 */
export function toNodeListener(
  handler: Handler,
  options: NodeListenerOptions = {},
): NodeListener {
  const config = configFrom(options)
  return (req, res) => {
    let url: string
    try {
      url = requestUrl(req, config)
    } catch (error) {
      config.logger.warn(`Bad Request: ${(error as Error).message}`)
      plain(res, 400)
      return
    }
    const length = req.headers['content-length']
    if (length !== undefined && Number(length) > config.maxBodySize) {
      config.logger.warn(
        `Payload Too Large: Content-Length ${length} is larger than maxBodySize (${config.maxBodySize} bytes): ${req.method} ${url}`,
      )
      plain(res, 413)
      return
    }
    const request = new NodeRequest(req, res, url, config)
    let answer: Promise<Response>
    try {
      answer = handler(request)
    } catch (error) {
      answer = Promise.reject(error)
    }
    answer.then(
      (response) => respond(request, res, response, config),
      (error: unknown) => {
        if (request.tooLarge && !res.headersSent) {
          // The handler let the limit's HttpError(413) through: that is the answer.
          plain(res, 413)
          return
        }
        config.logger.error(
          `shallot/node: the handler rejected (${request.method} ${url}); ${fail(res)}.`,
          error,
        )
      },
    )
  }
}

function respond(
  request: NodeRequest,
  res: ServerResponse,
  response: Response,
  config: Config,
): void {
  if (!(response instanceof Response)) {
    config.logger.error(
      `shallot/node: the handler resolved with ${describe(response)}, not a Response (${request.method} ${request.url}); answered 500.`,
    )
    plain(res, 500)
    return
  }
  if (res.headersSent || res.writableEnded) {
    // Someone wrote to nodePlatform(request).res directly: that answer stands.
    void response.body?.cancel().catch(() => {})
    return
  }
  if (request.tooLarge) {
    void response.body?.cancel().catch(() => {})
    plain(res, 413)
    return
  }
  writeResponse(res, response, request.method).catch((error: unknown) => {
    if (error instanceof BodyStreamError) {
      config.logger.error(
        `shallot/node: the response body stream failed after the headers were sent (${request.method} ${request.url}); the connection was closed.`,
        error.cause,
      )
      res.destroy()
      return
    }
    if (res.destroyed) {
      // The client left first: nobody is waiting, and the error is most often a body
      // that stopped because of it (request.signal). Not an error of the server's.
      config.logger.debug(
        `shallot/node: the client left before the response was written (${request.method} ${request.url}).`,
        error,
      )
      return
    }
    config.logger.error(
      `shallot/node: the response could not be written (${request.method} ${request.url}); ${fail(res)}.`,
      error,
    )
  })
}
