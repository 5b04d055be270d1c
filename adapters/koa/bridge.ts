/**
 * The bridge between a Web `Request`/`Response` and the `req`/`res` a Koa context is
 * built on: a Node `Readable` request carrying the Web request's method, URL, headers
 * and body, and a real `ServerResponse` (never connected to a socket) that holds the
 * status and headers Koa writes, from which the group's `Response` is made.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import { readNamed } from '../../src/internal/request-data.js'
import type { KoaRuntime } from './load-koa.js'

const ignore = () => {}
const encoder = new TextEncoder()

/** A Node stream over a Web body, which takes the body's reader only when read. */
export interface WebBodyStream extends Readable {
  /** Whether anything read from it: until then the Web body is untouched. */
  readonly started: boolean
}

/** The response Koa writes to: notes every header write, for the fast path. */
export interface BridgeResponse extends ServerResponse {
  /** Set by every header write; cleared when the inner response has been applied. */
  touched: boolean
}

/** The bridge's constructors, made once the Node modules are loaded. */
export interface Bridge {
  /** The `IncomingMessage`-like request Koa reads, for a Web request. */
  request(request: Request): IncomingMessage
  /** The `ServerResponse` Koa writes the status and headers to. */
  response(req: IncomingMessage): BridgeResponse
  /** A Node stream over a Web body, read only on demand. */
  body(body: ReadableStream<Uint8Array> | null): WebBodyStream
  /** Whether a value is a Node readable stream (a duplex too, as zlib's). */
  isStream(value: unknown): value is Readable
  /** A Web stream reading a Node stream. */
  toWeb(readable: Readable): ReadableStream<Uint8Array>
}

/** The socket `shallot/node` received the request on, when it did. */
function nodeSocket(request: Request): unknown {
  const platform = readNamed(request, 'node') as
    { readonly req: IncomingMessage } | undefined
  return platform?.req.socket
}

/** Makes the bridge's constructors from the loaded Node modules. */
export function makeBridge({ http, stream }: KoaRuntime): Bridge {
  class WebBody extends stream.Readable implements WebBodyStream {
    readonly #source: ReadableStream<Uint8Array> | null
    #reader: ReadableStreamDefaultReader<Uint8Array> | undefined

    constructor(source: ReadableStream<Uint8Array> | null) {
      super()
      this.#source = source
    }

    get started(): boolean {
      return this.#reader !== undefined
    }

    override _read(): void {
      if (this.#source === null) {
        this.push(null)
        return
      }
      this.#reader ??= this.#source.getReader()
      this.#reader.read().then(
        ({ done, value }) => void this.push(done ? null : value),
        (error: Error) => this.destroy(error),
      )
    }

    override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
      // Koa destroys a body stream it replaces: tell the producer nobody will read it.
      const reason = error ?? undefined
      if (this.#reader) this.#reader.cancel(reason).catch(ignore)
      else this.#source?.cancel(reason).catch(ignore)
      callback(error)
    }
  }

  class Bridged extends http.ServerResponse implements BridgeResponse {
    touched = false

    override setHeader(name: string, value: number | string | readonly string[]) {
      this.touched = true
      return super.setHeader(name, value)
    }

    override appendHeader(name: string, value: string | readonly string[]) {
      this.touched = true
      return super.appendHeader(name, value)
    }

    override removeHeader(name: string): void {
      this.touched = true
      super.removeHeader(name)
    }
  }

  return {
    request(request) {
      const url = new URL(request.url)
      const headers: Record<string, string> = {}
      const rawHeaders: string[] = []
      for (const [name, value] of request.headers) {
        headers[name] = value
        rawHeaders.push(name, value)
      }
      // A Web request carries its host in the URL; Koa reads it from the header.
      if (headers.host === undefined) {
        headers.host = url.host
        rawHeaders.push('host', url.host)
      }
      // Node sees a body as a length or chunks; type-is (ctx.is) needs one of them.
      if (
        request.body !== null &&
        headers['content-length'] === undefined &&
        headers['transfer-encoding'] === undefined
      ) {
        headers['transfer-encoding'] = 'chunked'
        rawHeaders.push('transfer-encoding', 'chunked')
      }
      const socket = nodeSocket(request) ?? {
        encrypted: url.protocol === 'https:',
        remoteAddress: undefined,
      }
      return Object.assign(new WebBody(request.body), {
        method: request.method,
        url: url.pathname + url.search,
        headers,
        rawHeaders,
        httpVersion: '1.1',
        httpVersionMajor: 1,
        httpVersionMinor: 1,
        socket,
        connection: socket,
        complete: false,
        aborted: false,
        trailers: {},
        rawTrailers: [],
      }) as unknown as IncomingMessage
    },
    response(req) {
      const res = new Bridged(req)
      // What Koa's request handler sets before the middleware run.
      res.statusCode = 404
      return res
    },
    body: (source) => new WebBody(source),
    isStream: (value): value is Readable => value instanceof stream.Readable,
    toWeb(readable) {
      // Not `Readable.toWeb`: Koa pipes string chunks too, which a Response refuses.
      const chunks: AsyncIterator<unknown, unknown> = readable[Symbol.asyncIterator]()
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await chunks.next()
          if (done) controller.close()
          else
            controller.enqueue(
              typeof value === 'string' ? encoder.encode(value) : (value as Uint8Array),
            )
        },
        cancel: (reason: unknown) => void readable.destroy(reason as Error | undefined),
      })
    },
  }
}
