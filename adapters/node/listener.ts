/**
 * `toNodeListener`: a shallot handler as a `node:http` request listener.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ImproperlyConfigured, type Handler, type Logger } from '../../src/index.js'
import { show, typeName } from '../../src/internal/describe.js'
import { errorBody } from '../../src/internal/error-body.js'
import { log } from '../../src/internal/log.js'
import { isResponse } from '../../src/internal/response.js'
import { reasonPhrase } from '../../src/internal/status.js'
import { NodeRequest } from './node-request.js'
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
    throw new ImproperlyConfigured(
      `toNodeListener: maxBodySize must be a number of bytes, 0 or more (or Infinity), got ${show(maxBodySize)}.`,
    )
  }
  return {
    maxBodySize,
    trustProxy,
    origin: options.origin === undefined ? undefined : checkedOrigin(options.origin),
    logger: options.logger ?? console,
  }
}

/**
 * An answer from the adapter itself, with the stack's production error body in the
 * format the request's `Accept` prefers; details go to the log only.
 */
function plain(res: ServerResponse, status: 400 | 413 | 431 | 500 | 501): void {
  const { contentType, text } = errorBody(status, res.req.headers.accept)
  res.writeHead(status, reasonPhrase(status), [
    'content-type',
    contentType,
    'content-length',
    String(text.length),
    // The rest of the request may still be on its way: don't read it as the next one.
    ...(status === 500 ? [] : ['connection', 'close']),
  ])
  res.end(text)
}

/**
 * Header lines Node keeps of a request when its server sets no `maxHeadersCount`
 * (entries of `rawHeaders`: a name and a value each).
 */
const NODE_HEADER_ENTRIES = 2000

/**
 * Whether Node may have dropped some of the request's header lines: past its
 * server's `maxHeadersCount` it drops them silently (a second `Host` or
 * `Content-Length` among them), keeping a few more than the limit, as it collects them
 * in batches. A request with more lines than the limit is refused, cut or not: newer
 * Node versions refuse those themselves.
 */
function headersCut(req: IncomingMessage): boolean {
  const server = (req.socket as { server?: { maxHeadersCount?: unknown } }).server
  const count = server?.maxHeadersCount
  const limit = typeof count === 'number' ? count * 2 : NODE_HEADER_ENTRIES
  return limit > 0 && req.rawHeaders.length > limit
}

/** Responses whose request waits for `100 Continue`, which nothing has sent yet. */
const awaitingContinue = new WeakSet<ServerResponse>()

/**
 * The listener for a server's `'checkContinue'` event: a request with `Expect:
 * 100-continue` reaches it before Node invites the body, so that one refused (413,
 * 400) is answered without inviting an upload it will not read. Otherwise `100
 * Continue` goes out just before the handler runs.
 */
export function continueListener(listener: NodeListener): NodeListener {
  return (req, res) => {
    awaitingContinue.add(res)
    listener(req, res)
  }
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

/**
 * Turns a handler into a `(req, res)` listener for `http.createServer` (or
 * `https.createServer`): each request becomes a `Request` for the handler, and the
 * `Response` it resolves with is written back, streamed when its body is a stream.
 *
 * The `Request` is a real one, made by the global constructor, so
 * `new Request(request, init)`, `fetch(request)` and `clone()` take it as any other;
 * its body is read from the socket only as the stack reads it, and `request.signal`
 * is made on first use. `nodePlatform(request)` gives the `node:http` objects behind
 * it.
 *
 * - A host or request target that makes no URL, or more than one `Host` header: 400,
 *   and the stack never runs.
 * - `TRACE`, which no `Request` can carry: 501, and the stack never runs.
 * - A body larger than `maxBodySize`: 413 (see the option).
 * - A handler that rejects, or resolves with something that is not a `Response` (of
 *   any realm; a plain object shaped like one is not): 500, logged. (A
 *   `createHandler` handler never rejects.)
 * - The adapter's own 400, 413 and 500 carry the stack's production error body
 *   (`413 Content Too Large`), never a detail.
 * - More header lines than the server's `maxHeadersCount`, which Node cuts: 431.
 * - A response header value Node refuses, or a body stream that fails or yields a
 *   chunk that is not bytes before the headers were sent: 500, logged. After them, or
 *   a streamed body longer or shorter than its `Content-Length`: the connection is
 *   closed, so the client sees a truncated response; logged. The body is cancelled
 *   either way. A known body is sent with its own length, whatever the header said.
 * - HEAD, 1xx, 204, 205 and 304 answers carry no body (1xx and 204 no length
 *   either); `Content-Length` is set when the body is a string or bytes; each
 *   `Set-Cookie` stays a header of its own.
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
 * @throws ImproperlyConfigured when `maxBodySize` is negative or not a number, or
 *   `origin` is not an `http:`/`https:` origin. At once, not per request.
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
    if (headersCut(req)) {
      log(
        config.logger,
        'warn',
        `Request Header Fields Too Large: ${req.rawHeaders.length / 2} header lines, more than the server keeps (maxHeadersCount); some may have been dropped.`,
      )
      plain(res, 431)
      return
    }
    let url: string
    try {
      url = requestUrl(req, config)
    } catch (error) {
      log(config.logger, 'warn', `Bad Request: ${(error as Error).message}`)
      plain(res, 400)
      return
    }
    const length = req.headers['content-length']
    if (length !== undefined && Number(length) > config.maxBodySize) {
      log(
        config.logger,
        'warn',
        `Content Too Large: Content-Length ${length} is larger than maxBodySize (${config.maxBodySize} bytes): ${req.method} ${url}`,
      )
      plain(res, 413)
      return
    }
    let request: NodeRequest
    try {
      request = new NodeRequest(req, res, url, config)
    } catch (error) {
      // Fetch forbids TRACE (and CONNECT and TRACK, which never reach a listener: Node
      // hands CONNECT to its own event and cannot parse TRACK): no Request can carry
      // it. Anything else the constructor refuses is a header Node's parser let
      // through (only with `insecureHTTPParser`).
      const status = req.method === 'TRACE' ? 501 : 400
      log(
        config.logger,
        'warn',
        `${reasonPhrase(status)}: ${(error as Error).message} (${req.method} ${url})`,
      )
      plain(res, status)
      return
    }
    if (awaitingContinue.delete(res)) res.writeContinue()
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
        log(
          config.logger,
          'error',
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
  if (!isResponse(response)) {
    log(
      config.logger,
      'error',
      `shallot/node: the handler resolved with ${typeName(response, 'a class')}, not a Response (${request.method} ${request.url}); answered 500.`,
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
      log(
        config.logger,
        'error',
        `shallot/node: the response body stream failed after the headers were sent (${request.method} ${request.url}); the connection was closed.`,
        error.cause,
      )
      res.destroy()
      return
    }
    if (res.destroyed) {
      // The client left first: nobody is waiting, and the error is most often a body
      // that stopped because of it (request.signal). Not an error of the server's.
      log(
        config.logger,
        'debug',
        `shallot/node: the client left before the response was written (${request.method} ${request.url}).`,
        error,
      )
      return
    }
    log(
      config.logger,
      'error',
      `shallot/node: the response could not be written (${request.method} ${request.url}); ${fail(res)}.`,
      error,
    )
  })
}
