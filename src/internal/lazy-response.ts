/**
 * The response the helpers (`text`, `json`, `html`) make: a real `Response` subclass
 * that holds its body as a string and makes a body stream only when someone asks for
 * `body`. On Node, a `Response` made from a string costs its stream, about 18 µs on
 * Node 20 and 7.5 µs on 22 and 24, while one without a body costs under 1 µs; an adapter
 * that sends the string itself (`takeHeldText`) never pays for the stream.
 *
 * @module
 */
import { asBody, TAKE_TEXT } from './held-body.js'

/**
 * Fetch's null body statuses: a `Response` refuses a body with one of them (Node,
 * workerd, Deno), or takes it (Bun).
 */
const NULL_BODY_STATUSES = [101, 103, 204, 205, 304]

const encoder = new TextEncoder()

/**
 * Text that runtimes encode or decode each their own way: a leading BOM (dropped by
 * `text()` on Node, kept on workerd) or a lone surrogate (U+FFFD on Node, three of them
 * on workerd). Rare, so a real response of this runtime reads it: the helper agrees
 * with the runtime it runs on.
 */
const unusual = (text: string): boolean =>
  text.charCodeAt(0) === 0xfeff || /\p{Surrogate}/u.test(text)

const unusable = (): TypeError =>
  new TypeError('Body is unusable: the body has already been read')

/**
 * The class, made on the first response rather than when the module loads: reading the
 * global `Response` is what loads Node's fetch implementation (about 40 ms on Node 20),
 * and an application that imports shallot should pay that when it first answers, as
 * with any other framework, not at import.
 */
let LazyResponse: ReturnType<typeof defineLazyResponse> | undefined

/**
 * Status, headers and the other members are the real ones (the body slot underneath is
 * empty); every body member is served from the string, until `body` is asked for: then
 * a real `Response` made from the string owns the body, and every body member defers to
 * it, so that a stream someone holds and the response agree.
 */
const defineLazyResponse = () =>
  class LazyResponse extends Response {
    readonly #text: string
    /** The real response that owns the body once a stream was asked for. */
    #real: Response | undefined
    /** Whether the body was read while still held as a string. */
    #used = false

    /**
     * @throws TypeError for a status that has no body, where the runtime's `Response`
     *   throws one; RangeError for a status out of range.
     */
    constructor(text: string, init: ResponseInit) {
      super(null, init)
      // The runtime's own rule decides, as it would for `new Response(text, init)`.
      if (NULL_BODY_STATUSES.includes(this.status)) new Response(text, init)
      this.#text = text
    }

    [TAKE_TEXT](): string | undefined {
      if (this.#real !== undefined || this.#used) return undefined
      this.#used = true
      return this.#text
    }

    /** The real response that owns the body from the first `body` on. */
    #owner(): Response {
      if (this.#real === undefined) {
        this.#real = new Response(this.#text)
        // Read already: its stream shows as a real one's does once read (locked, closed).
        if (this.#used) void this.#real.arrayBuffer()
      }
      return this.#real
    }

    /** The string, the body counting as read from now; rejects when it was. */
    #take(): Promise<string> {
      if (this.#used) return Promise.reject(unusable())
      this.#used = true
      return Promise.resolve(this.#text)
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      return this.#owner().body
    }

    override get bodyUsed(): boolean {
      return this.#real === undefined ? this.#used : this.#real.bodyUsed
    }

    override text(): Promise<string> {
      if (this.#real !== undefined) return this.#real.text()
      return this.#take().then((text) =>
        unusual(text) ? new Response(text).text() : text,
      )
    }

    override json(): Promise<unknown> {
      if (this.#real !== undefined) return this.#real.json()
      return this.text().then((text) => JSON.parse(text) as unknown)
    }

    override arrayBuffer(): Promise<ArrayBuffer> {
      if (this.#real !== undefined) return this.#real.arrayBuffer()
      return this.#take().then((text) =>
        unusual(text) ? new Response(text).arrayBuffer() : encoder.encode(text).buffer,
      )
    }

    override bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return this.arrayBuffer().then((buffer) => new Uint8Array(buffer))
    }

    override blob(): Promise<Blob> {
      return this.#asReal((real) => real.blob())
    }

    override formData(): Promise<FormData> {
      return this.#asReal((real) => real.formData())
    }

    /**
     * `read` done by a real response with this body and the headers as they are now:
     * Blob types and form parsing are the runtime's own, and so is whether a refused
     * form leaves the body unread (Bun) or read (Node).
     */
    #asReal<T>(read: (real: Response) => Promise<T>): Promise<T> {
      let real: Response
      try {
        if (this.#real !== undefined) {
          // Throws, as reading would reject, when the stream is locked or read.
          real = new Response(this.#real.body, { headers: this.headers })
        } else if (this.#used) throw unusable()
        else
          real = new Response(asBody(this.#text, this.headers), {
            headers: this.headers,
          })
      } catch (error) {
        return Promise.reject(error)
      }
      const reading = read(real)
      if (this.#real === undefined) this.#used = real.bodyUsed
      return reading
    }

    override clone(): Response {
      if (this.bodyUsed) {
        throw new TypeError('Response.clone: the body has already been consumed.')
      }
      const copy = new LazyResponse(this.#text, this)
      // A stream asked for is split in two, as a real clone splits it.
      if (this.#real !== undefined) copy.#real = this.#real.clone()
      return copy
    }
  }

/**
 * A `Response` whose body is `text`, kept as a string until read (see
 * {@link defineLazyResponse}).
 *
 * @throws TypeError for a status that has no body, where the runtime's `Response`
 *   throws one; RangeError for a status out of range.
 */
export function lazyResponse(text: string, init: ResponseInit): Response {
  LazyResponse ??= defineLazyResponse()
  return new LazyResponse(text, init)
}
