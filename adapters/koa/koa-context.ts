/**
 * The `ctx` a Koa-style function receives under `fromKoa`: the request, Koa's
 * shortcuts to it, and the response being made, kept as status, headers and body until
 * the group finishes.
 *
 * @module
 */
import {
  BadRequest,
  HttpError,
  NotFound,
  PermissionDenied,
  type Handler,
} from '../../src/index.js'
import { show } from '../../src/internal/describe.js'
import { forbidsContent, reasonPhrase } from '../../src/internal/status.js'

/**
 * The context object of one request, as a Koa-style function sees it under
 * `fromKoa`: Koa's `ctx`, cut down to what maps onto a `Request` and a
 * `Response`. One is made per request and shared by the functions of one `fromKoa`
 * group; another group in the same stack gets its own.
 *
 * - Request side: `request` (the Web `Request` itself), `method`, `url` (path and
 *   query, as Koa's), `path`, `query` (a `URLSearchParams`, not Koa's object: use
 *   `ctx.query.get('page')`), `get(name)` (a request header, `''` when absent, as in
 *   Koa).
 * - `state`: an object for this request, shared by the functions of the group.
 * - Response side: `status`, `body`, `set`/`append`/`remove` (response headers), and
 *   `response`, the inner layers' `Response` once `next()` has resolved.
 * - `throw(status, message?)` throws shallot's error for that status.
 *
 * Before `next()`, `status` is 404 and `body` `undefined`, as in Koa. After
 * `await next()`, they are the inner response's status and body stream (never read
 * here); headers set before `next()` are kept unless the inner response has the same
 * header (`set-cookie` values are added to its own).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fromKoa, type KoaContext } from 'shallot/koa'
 *
 * const describe = (ctx: KoaContext) =>
 *   `${ctx.method} ${ctx.path} page=${ctx.query.get('page')} accept=${ctx.get('accept')}`
 * const handler = createHandler({
 *   middleware: [
 *     fromKoa((ctx) => {
 *       ctx.body = describe(ctx)
 *     }),
 *   ],
 *   view: () => new Response('unused'),
 * })
 * const response = await handler(new Request('http://localhost/list?page=2'))
 * console.log(await response.text()) // GET /list page=2 accept=
 * ```
 */
export interface KoaContext {
  /** The request, as the stack received it; `next()` passes this same object on. */
  readonly request: Request
  /** `request.method`. */
  readonly method: string
  /** The path and query string, `/search?q=onion` (Koa's `ctx.url`). */
  readonly url: string
  /** The path, `/search`. */
  readonly path: string
  /** The query string, parsed: a `URLSearchParams` (Koa's is a plain object). */
  readonly query: URLSearchParams
  /** A request header, case-insensitive; `''` when absent (Koa's `ctx.get`). */
  get(name: string): string
  /** An object of this request, shared by the functions of the group (`ctx.state`). */
  readonly state: Record<string, unknown>
  /**
   * The response status: 404 until something sets it, the inner response's after
   * `next()`. Setting a body while no status is set makes it 200 (204 for `null`).
   * @throws RangeError when set to anything but an integer from 200 to 599.
   */
  status: number
  /**
   * The response body: `undefined` until something sets it, the inner response's
   * body stream (or `null`) after `next()`. Set a string (`text/plain`, or
   * `text/html` when it starts with `<` after any spaces), a plain object or array
   * (JSON), a `Uint8Array`, `ArrayBuffer`, `Blob` or `ReadableStream` (sent as is), or
   * `null` (no body).
   */
  body: unknown
  /** Sets a response header, replacing any value it had. */
  set(name: string, value: string): void
  /** Adds a value to a response header (`vary`, `set-cookie`). */
  append(name: string, value: string): void
  /** Removes a response header. */
  remove(name: string): void
  /** The inner layers' `Response`, once `next()` has resolved; `undefined` before. */
  readonly response: Response | undefined
  /**
   * Throws shallot's error for `status` (`NotFound` for 404, `PermissionDenied` for
   * 403, `BadRequest` for 400, `HttpError(status)` otherwise), which a function
   * further out in the group may catch, and the layer's boundary otherwise turns into
   * a response with that status.
   * @throws RangeError (from `HttpError`) when `status` is not from 400 to 599.
   */
  throw(status: number, message?: string): never
}

/**
 * A Koa-style middleware function: `(ctx, next) => ...`, sync or async. Code before
 * `await next()` runs on the way in, code after it on the way out; not calling `next()`
 * answers early. What it returns or resolves to is ignored.
 *
 * @example
 * ```ts
 * import type { KoaMiddleware } from 'shallot/koa'
 *
 * const noStore: KoaMiddleware = async (ctx, next) => {
 *   await next()
 *   ctx.set('cache-control', 'no-store')
 * }
 * ```
 */
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => unknown

/** What every request of one `fromKoa` group shares, fixed when the stack is built. */
export interface KoaGroup {
  readonly middleware: readonly KoaMiddleware[]
  /** The functions' names, for messages (`anonymous` for those without one). */
  readonly names: readonly string[]
  /** The group's name, `fromKoa(logger, auth)`: the factory's name. */
  readonly name: string
  readonly getResponse: Handler
}

const TEXT = 'text/plain; charset=utf-8'
const HTML = 'text/html; charset=utf-8'
const JSON_TYPE = 'application/json; charset=utf-8'
const BINARY = 'application/octet-stream'

const ignore = () => {}

/** Bodies a `Response` takes as they are; anything else (but null) becomes JSON. */
function isBodyInit(value: unknown): value is BodyInit {
  return (
    typeof value === 'string' ||
    value instanceof ReadableStream ||
    value instanceof Blob ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    value instanceof FormData ||
    value instanceof URLSearchParams
  )
}

/**
 * Koa's content type for a body; `undefined` where there must be none (`null`) or the
 * `Response` chooses it (form data needs its multipart boundary).
 */
function contentTypeOf(body: unknown): string | undefined {
  if (body === null || body instanceof FormData || body instanceof URLSearchParams)
    return undefined
  if (typeof body === 'string') return /^\s*</.test(body) ? HTML : TEXT
  if (body instanceof Blob) return body.type === '' ? BINARY : body.type
  return isBodyInit(body) ? BINARY : JSON_TYPE
}

/** Headers set before `next()`, under the inner response's: the inner ones win. */
function merged(inner: Headers, before: Headers): Headers {
  const headers = new Headers(inner)
  for (const [name, value] of before) {
    if (name !== 'set-cookie' && !headers.has(name)) headers.set(name, value)
  }
  for (const cookie of before.getSetCookie()) headers.append('set-cookie', cookie)
  return headers
}

/**
 * The context of one request, and the koa-compose chain that runs on it. Per request
 * this object (and the `next` closures) is all that is allocated until the group
 * finishes; a `Response` is built only when a function changed something after the
 * inner response came back.
 */
export class Context implements KoaContext {
  readonly request: Request
  readonly #group: KoaGroup
  /** Parsed on first use: most functions never read the URL. */
  #url: URL | undefined
  #state: Record<string, unknown> | undefined
  #status = 404
  /** Set by `ctx.status =` or by the inner response; until then the body decides. */
  #statusSet = false
  #body: unknown = undefined
  /** Set when a function assigned `ctx.body` since the inner response came back. */
  #bodySet = false
  /** Response headers, copied from the inner response on the first write only. */
  #headers: Headers | undefined
  #typeWritten = false
  #lengthWritten = false
  #inner: Response | undefined
  /** Whether anything changed since the inner response came back. */
  #changed = false
  /** The deepest function dispatched so far (koa-compose's `index`). */
  #index = -1
  #done = false

  constructor(request: Request, group: KoaGroup) {
    this.request = request
    this.#group = group
  }

  get method(): string {
    return this.request.method
  }

  get url(): string {
    const url = this.#parsed()
    return url.pathname + url.search
  }

  get path(): string {
    return this.#parsed().pathname
  }

  get query(): URLSearchParams {
    return this.#parsed().searchParams
  }

  get(name: string): string {
    return this.request.headers.get(name) ?? ''
  }

  get state(): Record<string, unknown> {
    return (this.#state ??= {})
  }

  get status(): number {
    return this.#status
  }

  set status(value: number) {
    if (!Number.isInteger(value) || value < 200 || value > 599) {
      throw new RangeError(
        `ctx.status must be an integer from 200 to 599, got ${show(value)}.`,
      )
    }
    this.#status = value
    this.#statusSet = true
    this.#changed = true
  }

  get body(): unknown {
    return this.#body
  }

  set body(value: unknown) {
    const body = value === undefined ? null : value
    this.#body = body
    this.#bodySet = true
    this.#changed = true
    // Koa: until a status is set, the status follows the body.
    if (!this.#statusSet) this.#status = body === null ? 204 : 200
  }

  set(name: string, value: string): void {
    this.#writableHeaders(name).set(name, value)
  }

  append(name: string, value: string): void {
    this.#writableHeaders(name).append(name, value)
  }

  remove(name: string): void {
    this.#writableHeaders(name).delete(name)
  }

  get response(): Response | undefined {
    return this.#inner
  }

  throw(status: number, message?: string): never {
    if (status === 404) throw new NotFound(message)
    if (status === 403) throw new PermissionDenied(message)
    if (status === 400) throw new BadRequest(message)
    throw new HttpError(status, message)
  }

  /** Runs the group for this request: the chain, then the response it leaves. */
  async run(): Promise<Response> {
    try {
      await this.#dispatch(0)
    } finally {
      this.#done = true
    }
    return this.#finish()
  }

  #parsed(): URL {
    return (this.#url ??= new URL(this.request.url))
  }

  #writableHeaders(name: string): Headers {
    const lower = name.toLowerCase()
    if (lower === 'content-type') this.#typeWritten = true
    else if (lower === 'content-length') this.#lengthWritten = true
    this.#changed = true
    return (this.#headers ??= new Headers(this.#inner?.headers))
  }

  /** koa-compose's `dispatch`: runs function `index`, or the inner layers after the last. */
  #dispatch(index: number): Promise<void> {
    const { middleware, names, getResponse } = this.#group
    if (index <= this.#index) {
      return Promise.reject(
        new Error(
          `fromKoa middleware[${index - 1}] (${names[index - 1]}) called next() more than once.`,
        ),
      )
    }
    this.#index = index
    if (index === middleware.length) {
      return getResponse(this.request).then((response) => this.#receive(response))
    }
    try {
      const result = middleware[index]!(this, () => this.#dispatch(index + 1))
      return Promise.resolve(result) as Promise<void>
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** The inner response came back: it becomes the current status, headers and body. */
  #receive(response: Response): void {
    if (this.#done) {
      // The group already answered (see #finish); nobody will read this body.
      response.body?.cancel().catch(ignore)
      return
    }
    const before = this.#headers
    this.#inner = response
    this.#status = response.status
    this.#statusSet = true
    this.#body = response.body
    this.#bodySet = false
    this.#typeWritten = false
    this.#lengthWritten = false
    this.#headers = before && merged(response.headers, before)
    this.#changed = before !== undefined
  }

  /** The group's response: the inner one if nothing changed, otherwise a new one. */
  #finish(): Response {
    const inner = this.#inner
    if (inner === undefined && this.#index === this.#group.middleware.length) {
      throw new Error(
        `${this.#group.name} finished before the inner layers answered: a function ` +
          'called next() without awaiting it. Write await next() (or return next()).',
      )
    }
    // The fast path: the same object, its body untouched and still streaming.
    if (inner !== undefined && !this.#changed) return inner
    const status = this.#status
    let body = this.#body
    let replaced = this.#bodySet
    // A `Response` cannot carry a body with these statuses (its constructor throws).
    if (forbidsContent(status) && body !== null) {
      body = null
      replaced = true
    }
    const headers = this.#headers ?? new Headers(inner?.headers)
    if (body === undefined) {
      // Nothing set a body and there is no inner response: Koa's status message, the
      // reason phrase.
      body = reasonPhrase(status) ?? String(status)
      if (!headers.has('content-type')) headers.set('content-type', TEXT)
    } else if (replaced) {
      if (!this.#typeWritten) {
        const type = contentTypeOf(body)
        if (type === undefined) headers.delete('content-type')
        else headers.set('content-type', type)
      }
      if (!this.#lengthWritten) headers.delete('content-length')
    }
    const dropped = inner?.body
    if (dropped != null && dropped !== body && !inner!.bodyUsed && !dropped.locked) {
      // Tell the view's stream nobody will read it, so it can stop producing.
      dropped.cancel().catch(ignore)
    }
    if (
      body instanceof ReadableStream &&
      (body.locked || (body === dropped && inner!.bodyUsed))
    ) {
      throw new Error(
        `${this.#group.name}: ctx.body is a stream that was already read. After ` +
          'reading ctx.response, set ctx.body to what you read.',
      )
    }
    return new Response(
      isBodyInit(body) || body === null ? body : JSON.stringify(body),
      {
        status,
        headers,
      },
    )
  }
}
