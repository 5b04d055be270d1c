/**
 * The response helpers: `text`, `json`, `html` and `redirect`, the short way for a view
 * or a layer to answer. Each returns a real `Response`; `new Response(...)` works
 * everywhere they do.
 *
 * @module
 */
import { describe, show } from './internal/describe.js'
import { lazyResponse } from './internal/lazy-response.js'

/** `init` with a `Content-Type` of `type` unless its headers name one. */
function withType(init: ResponseInit | undefined, type: string): ResponseInit {
  if (init === undefined) return { headers: { 'content-type': type } }
  const headers = new Headers(init.headers)
  if (!headers.has('content-type')) headers.set('content-type', type)
  // Read one by one: a `Response` passed as `init` keeps them on its prototype.
  return { status: init.status ?? 200, statusText: init.statusText ?? '', headers }
}

function checkString(name: string, body: unknown): asserts body is string {
  if (typeof body !== 'string') {
    throw new TypeError(`${name}() takes the body as a string, got ${describe(body)}.`)
  }
}

/**
 * A plain-text response: `body` with `Content-Type: text/plain; charset=utf-8` (unless
 * `init.headers` sets one), status 200 unless `init` says otherwise.
 *
 * The result is a real `Response` in every way (`instanceof Response`, `body`, `text()`,
 * `clone()`, `new Response(r.body, r)`...). It keeps `body` as a string and makes a
 * stream only when someone asks for `body`, so that an adapter that can send the
 * string itself (`shallot/node`) skips the stream that most of a small
 * `new Response(body)` costs.
 *
 * @param body - The body, sent as UTF-8.
 * @param init - Status, status text and headers, as `new Response(body, init)` takes them.
 * @returns A `Response`.
 * @throws TypeError when `body` is not a string, or `init.status` is one that has no
 *   body (204, 205, 304); RangeError when `init.status` is not from 200 to 599.
 *
 * @example
 * ```ts
 * import { createHandler, text } from 'shallot'
 *
 * const handler = createHandler({ middleware: [], view: () => text('hello') })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(response.headers.get('content-type'), await response.text())
 * // text/plain; charset=utf-8 hello
 * ```
 */
export function text(body: string, init?: ResponseInit): Response {
  checkString('text', body)
  return lazyResponse(body, withType(init, 'text/plain; charset=utf-8'))
}

/**
 * An HTML response: `body` with `Content-Type: text/html; charset=utf-8` (unless
 * `init.headers` sets one), status 200 unless `init` says otherwise. Like
 * {@link text}, a real `Response` that makes a body stream only when asked for one.
 *
 * @param body - The markup, sent as UTF-8. Nothing is escaped: escape what a user
 *   typed before putting it in.
 * @param init - Status, status text and headers, as `new Response(body, init)` takes them.
 * @returns A `Response`.
 * @throws TypeError when `body` is not a string, or `init.status` is one that has no
 *   body (204, 205, 304); RangeError when `init.status` is not from 200 to 599.
 *
 * @example
 * ```ts
 * import { html } from 'shallot'
 *
 * const response = html('<h1>Not here</h1>', { status: 404 })
 * console.log(response.status, response.headers.get('content-type'))
 * // 404 text/html; charset=utf-8
 * ```
 */
export function html(body: string, init?: ResponseInit): Response {
  checkString('html', body)
  return lazyResponse(body, withType(init, 'text/html; charset=utf-8'))
}

/**
 * A JSON response: `JSON.stringify(value)` with `Content-Type: application/json`
 * (unless `init.headers` sets one), status 200 unless `init` says otherwise. Like
 * `Response.json(value, init)`, and like {@link text}, a real `Response` that makes a
 * body stream only when asked for one.
 *
 * @param value - Anything `JSON.stringify` turns into JSON.
 * @param init - Status, status text and headers, as `new Response(body, init)` takes them.
 * @returns A `Response`.
 * @throws TypeError when `value` has no JSON form (`undefined`, a function, a symbol),
 *   or `JSON.stringify` throws (a BigInt, a cycle), or `init.status` is one that has no
 *   body (204, 205, 304); RangeError when `init.status` is not from 200 to 599.
 *
 * @example
 * ```ts
 * import { json } from 'shallot'
 *
 * const response = json({ id: 1, title: 'Hello' }, { status: 201 })
 * console.log(response.status, await response.json()) // 201 { id: 1, title: 'Hello' }
 * ```
 */
export function json(value: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(value) as string | undefined
  if (body === undefined) {
    throw new TypeError(
      `json() takes a value JSON can represent, got ${describe(value)}.`,
    )
  }
  return lazyResponse(body, withType(init, 'application/json'))
}

/** The statuses that redirect: Fetch's redirect statuses. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308]

/** Non-ASCII characters percent-encoded as UTF-8, as Django's `iri_to_uri` does. */
function iriToUri(url: string): string {
  return url.replace(/[\u0080-\uffff]+/g, (run) =>
    Array.from(
      new TextEncoder().encode(run),
      (byte) => `%${byte.toString(16).toUpperCase()}`,
    ).join(''),
  )
}

/**
 * A redirect: an empty response with `Location: url` and `status` (302 Found by
 * default; 301, 303, 307 or 308). Unlike `Response.redirect()`, `url` may be relative
 * (`/login?next=/cart`), as `Location` permits (RFC 9110 §10.2.2), and the headers
 * can still be changed by the layers it passes through. Characters outside ASCII are
 * percent-encoded as UTF-8.
 *
 * @param url - Where to, absolute or relative.
 * @param status - 301, 302 (default), 303, 307 or 308.
 * @returns A `Response` with no body.
 * @throws RangeError when `status` is not a redirect status; TypeError when `url` is
 *   not a string or a `URL`, or holds a character a header cannot (a line break).
 *
 * @example
 * ```ts
 * import { redirect } from 'shallot'
 *
 * const response = redirect('/login?next=/cart')
 * console.log(response.status, response.headers.get('location')) // 302 /login?next=/cart
 * ```
 */
export function redirect(url: string | URL, status = 302): Response {
  if (!REDIRECT_STATUSES.includes(status)) {
    throw new RangeError(
      `redirect() status must be 301, 302, 303, 307 or 308, got ${show(status)}.`,
    )
  }
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new TypeError(`redirect() takes a string or a URL, got ${describe(url)}.`)
  }
  return new Response(null, { status, headers: { location: iriToUri(String(url)) } })
}
