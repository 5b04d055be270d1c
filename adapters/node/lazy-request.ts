/**
 * The `Request` the stack receives: an object that passes `instanceof Request` but
 * builds each part from `IncomingMessage` only when it is read. A real `Request` costs
 * about 5 µs to construct on Node 20, and 25 µs with the `signal` a server needs,
 * several times what `node:http` spends on the whole exchange; most handlers read the
 * method, the URL and a header or two.
 *
 * The catch: `new Request(request)` and `fetch(request)` check that their argument was
 * made by their own `Request` constructor, and this one was not. `realRequest()`
 * materialises a real one for them.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { carry } from '../../src/internal/request-data.js'
import { bodyStream, readBody } from './request-body.js'

/** What a lazy request needs to know beyond the exchange. */
export interface RequestConfig {
  readonly maxBodySize: number
}

function clientGone(): DOMException {
  return new DOMException('The client disconnected.', 'AbortError')
}

/** The `Request` shallot/node hands to the stack; see the module comment. */
export class NodeRequest implements Request {
  readonly #req: IncomingMessage
  readonly #res: ServerResponse
  readonly #url: string
  readonly #limit: number
  #headers: Headers | undefined
  #controller: AbortController | undefined
  #body: ReadableStream<Uint8Array> | null | undefined
  #read = false
  #real: Request | undefined
  #platform: object | undefined
  #tooLarge = false

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    config: RequestConfig,
  ) {
    this.#req = req
    this.#res = res
    this.#url = url
    this.#limit = config.maxBodySize
  }

  /**
   * The body passed `maxBodySize`: the exchange must end with a 413. An accessor, not
   * a field, so that it is no own property to be taken for data `provide` added.
   */
  get tooLarge(): boolean {
    return this.#tooLarge
  }
  set tooLarge(value: boolean) {
    this.#tooLarge = value
  }

  get method(): string {
    // Set on every request a server parsed; llhttp accepts upper-case method names
    // only, already in Fetch's normal form.
    return this.#req.method as string
  }

  get url(): string {
    return this.#url
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers()
      // rawHeaders keeps repeated headers apart: [name, value, name, value, ...]
      const raw = this.#req.rawHeaders
      for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
      this.#headers = headers
    }
    return this.#headers
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController()
      this.#controller = controller
      const res = this.#res
      if (this.#req.socket.destroyed && !res.writableFinished) {
        controller.abort(clientGone())
      } else {
        res.once('close', () => {
          // A response that was sent completely closes too: that is no abort.
          if (!res.writableFinished) controller.abort(clientGone())
        })
      }
    }
    return this.#controller.signal
  }

  /** Whether the request has a body at all: a length or a chunked transfer. */
  #hasBody(): boolean {
    const method = this.method
    if (method === 'GET' || method === 'HEAD') return false
    const headers = this.#req.headers
    return (
      headers['transfer-encoding'] !== undefined ||
      (headers['content-length'] !== undefined && headers['content-length'] !== '0')
    )
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#real !== undefined) return this.#real.body
    if (this.#body === undefined) {
      this.#body =
        this.#hasBody() && !this.#read ? bodyStream(this.#req, this.#limit, this) : null
    }
    return this.#body as ReadableStream<Uint8Array<ArrayBuffer>> | null
  }

  get bodyUsed(): boolean {
    if (this.#read) return true
    if (this.#body === undefined || this.#body === null) return false
    // Only a real Request can tell whether a stream was read from.
    return this.#materialise().bodyUsed
  }

  /** The whole body, straight from the socket when nothing else has touched it. */
  async #bytes(): Promise<Buffer | undefined> {
    if (this.#real !== undefined || this.#body) return undefined
    if (this.#read) throw new TypeError('Body is unusable: Body has already been read')
    this.#read = true
    if (!this.#hasBody()) return Buffer.alloc(0)
    return readBody(this.#req, this.#limit, this)
  }

  async text(): Promise<string> {
    const bytes = await this.#bytes()
    return bytes === undefined ? this.#materialise().text() : bytes.toString('utf8')
  }

  async json(): Promise<any> {
    const bytes = await this.#bytes()
    return bytes === undefined
      ? this.#materialise().json()
      : JSON.parse(bytes.toString('utf8'))
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes()
    if (bytes === undefined) return this.#materialise().arrayBuffer()
    // A copy: small Buffers share a pooled ArrayBuffer with other data.
    return bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer())
  }

  blob(): Promise<Blob> {
    return this.#materialise().blob()
  }

  formData(): Promise<FormData> {
    return this.#materialise().formData()
  }

  clone(): Request {
    return carry(this, this.#materialise().clone())
  }

  // What `new Request(url, { method, headers, body })` answers on a server.
  get cache(): RequestCache {
    return 'default'
  }
  get credentials(): RequestCredentials {
    return 'same-origin'
  }
  get destination(): RequestDestination {
    return ''
  }
  get integrity(): string {
    return ''
  }
  get keepalive(): boolean {
    return false
  }
  get mode(): RequestMode {
    return 'cors'
  }
  get redirect(): RequestRedirect {
    return 'follow'
  }
  get referrer(): string {
    return 'about:client'
  }
  get referrerPolicy(): ReferrerPolicy {
    return ''
  }
  get duplex(): 'half' {
    return 'half'
  }

  /** The real `Request` with the same method, URL, headers, body and signal. */
  #materialise(): Request {
    if (this.#real !== undefined) return this.#real
    if (this.#read) {
      throw new TypeError(
        'realRequest: the body of this request was already read; read it from the real Request instead, or materialise before reading.',
      )
    }
    const init: RequestInit & { duplex: 'half' } = {
      method: this.method,
      headers: this.headers,
      signal: this.signal,
      // Needed by Node's Request for a streamed body; not in the DOM types.
      duplex: 'half',
    }
    const body = this.body
    if (body !== null) init.body = body
    const real = carry(this, new Request(this.#url, init))
    this.#real = real
    return real
  }

  /**
   * The platform object of `request`, made by `make` from its `node:http` objects on
   * first use and kept: the request holds it, as a `WeakMap` entry per request would
   * cost the collector more than the rest of the exchange. (`make` comes from the
   * module that defines the object's type, which imports this one.)
   */
  static platform<P extends object>(
    request: NodeRequest,
    make: (req: IncomingMessage, res: ServerResponse) => P,
  ): P {
    return (request.#platform ??= make(request.#req, request.#res)) as P
  }

  /** The real `Request` behind `request`, made on first use. */
  static real(request: NodeRequest): Request {
    return request.#materialise()
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Request (shallot/node) ${this.method} ${this.#url}`
  }
}

// `instanceof Request` and `Object.prototype.toString` answer as for a real request;
// every accessor a real Request has is shadowed above, so none of its brand-checked
// getters ever runs on this object.
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype)

/**
 * A real `Request` for `request`: the request itself when it is one, or, for a
 * request `shallot/node` created, a `Request` made once with its method, URL, headers,
 * body stream and signal, and with what was attached to the lazy one then (the
 * platform objects, the values `provide` added). Use it where a lazy request
 * is refused: `new Request(request, init)`, `fetch(request)`, `structuredClone`.
 *
 * Materialise before reading the body: afterwards, read the body from either object,
 * not both (they share one stream). After the body was read with `text()` or
 * friends there is nothing left to give the real request, and this throws.
 *
 * @param request - A request the stack received.
 * @returns A `Request` made by the global `Request` constructor.
 * @throws TypeError when the body of a `shallot/node` request was already read.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { realRequest, serve } from 'shallot/node'
 *
 * const handler = createHandler({
 *   middleware: [],
 *   // A lazy request would be refused here: `new Request` checks who made it.
 *   view: (request) => {
 *     const copy = new Request(realRequest(request), { method: 'PUT' })
 *     return new Response(`${copy.method} ${new URL(copy.url).pathname}`)
 *   },
 * })
 * const server = serve(handler, { port: 0 })
 * const { url } = await server.ready
 * console.log(await (await fetch(new URL('/x', url))).text()) // PUT /x
 * await server.close()
 * ```
 */
export function realRequest(request: Request): Request {
  return request instanceof NodeRequest ? NodeRequest.real(request) : request
}
