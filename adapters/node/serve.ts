/**
 * `serve`: a `node:http` server running a handler, usable at once, with a promise of
 * its bound address and a bounded `close()`.
 *
 * @module
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { ImproperlyConfigured, type Handler } from '../../src/index.js'
import { show } from '../../src/internal/describe.js'
import { errorBody, errorReason } from '../../src/internal/error-body.js'
import { log } from '../../src/internal/log.js'
import {
  continueListener,
  toNodeListener,
  type NodeListenerOptions,
} from './listener.js'

/**
 * Options of {@link serve}: where to listen, plus everything `toNodeListener` takes.
 *
 * @example
 * ```ts
 * import type { ServeOptions } from 'shallot/node'
 *
 * const options: ServeOptions = { port: 8080, hostname: '127.0.0.1', maxBodySize: 65_536 }
 * ```
 */
export interface ServeOptions extends NodeListenerOptions {
  /** The TCP port; `0` lets the system pick a free one (read it from `ready`). Default 3000. */
  readonly port?: number
  /**
   * The address to listen on. Default `'127.0.0.1'`: this machine only. Use
   * `'0.0.0.0'` (or `'::'`) to accept connections from other machines.
   */
  readonly hostname?: string
}

/**
 * Where a {@link serve} server listens, once it does.
 *
 * @example
 * ```ts
 * import type { ServerAddress } from 'shallot/node'
 *
 * const address: ServerAddress = {
 *   hostname: '127.0.0.1',
 *   port: 8080,
 *   url: 'http://127.0.0.1:8080/',
 * }
 * ```
 */
export interface ServerAddress {
  /** The bound address, as the system reports it (`127.0.0.1`, `::1`, ...). */
  readonly hostname: string
  /** The bound port: the one asked for, or the one the system picked for `0`. */
  readonly port: number
  /** `http://<hostname>:<port>/`, with an IPv6 address in brackets. */
  readonly url: string
}

/**
 * What {@link serve} returns: the server, at once, whether or not it listens yet.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { serve, type NodeServer } from 'shallot/node'
 *
 * const server: NodeServer = serve(
 *   createHandler({ middleware: [], view: () => new Response('ok') }),
 *   { port: 0 },
 * )
 * console.log(server.address) // undefined
 * const { port } = await server.ready
 * console.log(server.address?.port === port) // true
 * await server.close()
 * ```
 */
export interface NodeServer {
  /** The `node:http` server, for its events, timeouts and `unref()`. */
  readonly server: Server
  /**
   * Resolves with the address once the server listens; rejects if it cannot (the
   * port is in use, the hostname is unknown). The failure is also logged, so a
   * caller that never awaits this still hears of it.
   */
  readonly ready: Promise<ServerAddress>
  /** The address once the server listens; `undefined` before (and after a failure). */
  readonly address: ServerAddress | undefined
  /**
   * Stops accepting connections, lets requests in flight finish, and after `graceMs`
   * (default 5000) closes the connections still open (their `request.signal`s abort).
   * Resolves once the server is closed; calling it again returns the same promise.
   * Safe before the server listens, and after it failed to.
   */
  close(graceMs?: number): Promise<void>
}

function addressOf(info: AddressInfo): ServerAddress {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
  return {
    hostname: info.address,
    port: info.port,
    url: `http://${host}:${info.port}/`,
  }
}

/** The answer to a parse error of Node's, as Node would choose it. */
function clientErrorStatus(error: Error): 400 | 408 | 413 | 431 {
  switch ((error as { code?: unknown }).code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408
    default:
      return 400
  }
}

/**
 * The `Accept` header of a request Node could not parse, read from the bytes it
 * received (its `rawPacket`), so that the answer takes the format the client prefers.
 */
function acceptIn(error: Error): string | undefined {
  const raw = (error as { rawPacket?: unknown }).rawPacket
  if (!Buffer.isBuffer(raw)) return undefined
  return /\r\naccept:[ \t]*([^\r\n]*)/i.exec(raw.toString('latin1'))?.[1]
}

/**
 * A request Node could not parse: answered with the production error body when
 * nothing of another response is on the wire yet (a pipelined request can fail while
 * the one before it streams), else the connection is closed.
 */
function answerClientError(error: Error, socket: Duplex): void {
  // The response in flight on this socket: Node's own default reads the same field.
  const current = (socket as { _httpMessage?: ServerResponse | null })._httpMessage
  const code = (error as { code?: unknown }).code
  if (
    code === 'ECONNRESET' ||
    !socket.writable ||
    (current !== null && current !== undefined && current.headersSent)
  ) {
    socket.destroy()
    return
  }
  const status = clientErrorStatus(error)
  const { contentType, text } = errorBody(status, acceptIn(error))
  socket.end(
    `HTTP/1.1 ${status} ${errorReason(status)}\r\nContent-Type: ${contentType}\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`,
    () => socket.destroy(),
  )
}

/**
 * Starts a `node:http` server that runs `handler` for every request, through
 * {@link toNodeListener} with the same options. Returns at once; `ready` tells when it
 * listens and where.
 *
 * Requests Node's parser cannot read are answered before the handler is involved, with
 * the stack's production error body and `Connection: close`: a malformed request line
 * or header 400, headers too large 431, a chunk extension too large 413, a request
 * too slow to arrive 408. A request with `Expect: 100-continue` that will be refused
 * (a `Content-Length` over `maxBodySize`) gets its 413 without `100 Continue`.
 *
 * @param handler - The handler to serve, typically from `createHandler`.
 * @param options - `port` (default 3000), `hostname` (default `'127.0.0.1'`), and the
 *   {@link NodeListenerOptions}.
 * @returns A {@link NodeServer}: the server, `ready`, `address` and `close()`.
 * @throws ImproperlyConfigured for invalid listener options (see `toNodeListener`) or
 *   a port outside 0 to 65535. Listening failures reject `ready` instead.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { serve } from 'shallot/node'
 *
 * const server = serve(
 *   createHandler({ middleware: [], view: () => new Response('hello') }),
 *   { port: 0 },
 * )
 * const { url } = await server.ready
 * console.log(await (await fetch(url)).text()) // hello
 * await server.close()
 * ```
 */
export function serve(handler: Handler, options: ServeOptions = {}): NodeServer {
  const { port = 3000, hostname = '127.0.0.1', ...listenerOptions } = options
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ImproperlyConfigured(
      `serve: port must be a whole number from 0 to 65535, got ${show(port)}.`,
    )
  }
  const logger = listenerOptions.logger ?? console
  const listener = toNodeListener(handler, listenerOptions)
  const server = createServer(listener)
  server.on('checkContinue', continueListener(listener))
  server.on('clientError', answerClientError)
  let address: ServerAddress | undefined
  const ready = new Promise<ServerAddress>((resolve, reject) => {
    const onError = (error: Error): void => {
      log(
        logger,
        'error',
        `serve: cannot listen on ${hostname}:${port}: ${error.message}`,
        error,
      )
      reject(error)
    }
    server.once('error', onError)
    server.listen(port, hostname, () => {
      server.off('error', onError)
      address = addressOf(server.address() as AddressInfo)
      resolve(address)
    })
  })
  // Reported through the logger; awaiting `ready` still sees the rejection.
  ready.catch(() => {})
  let closing: Promise<void> | undefined
  return {
    server,
    ready,
    get address() {
      return address
    },
    close(graceMs = 5_000) {
      closing ??= ready.then(
        () =>
          new Promise<void>((resolve) => {
            const deadline = setTimeout(() => server.closeAllConnections(), graceMs)
            deadline.unref()
            // Keep-alive connections with no request in flight would hold close() open,
            // including those whose last response finishes during the grace period.
            const idle = setInterval(() => server.closeIdleConnections(), 20)
            idle.unref()
            server.close(() => {
              clearTimeout(deadline)
              clearInterval(idle)
              resolve()
            })
            server.closeIdleConnections()
          }),
        () => {},
      )
      return closing
    },
  }
}
