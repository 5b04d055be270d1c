/**
 * `common`: Django's `CommonMiddleware` response side: the append-slash redirect and
 * `Content-Length` for bodies already complete.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import type { Handler, MaybePromise, Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { carryFrameExemption } from '../../internal/frame-exempt.js'
import { canPeek, knownLength } from './known-length.js'
import { mutableResponse } from '../../internal/mutable-response.js'
import { forbidsContent } from '../../internal/status.js'
import { assertOptions } from '../../internal/option-checks.js'
import { deriveRequest } from '../../internal/request-data.js'

/** `common()`'s options. */
export interface CommonOptions {
  /**
   * Answer a 404 for a GET or HEAD path without a trailing slash with a 301 to the path
   * with one, when that path exists (Django's `APPEND_SLASH`). Default `true`.
   */
  readonly appendSlash?: boolean | undefined
  /**
   * Tells whether the slashed path exists, without running the view (Django's
   * `is_valid_path`), e.g. a lookup in your router. It gets the slashed pathname and
   * the original request. Default: run the inner layers again with the slashed URL
   * and count any answer but a 404.
   */
  readonly isValidPath?:
    ((pathname: string, request: Request) => MaybePromise<boolean>) | undefined
  /**
   * Add `Content-Length` to responses that have none and whose body is already
   * complete (Django adds it to every non-streaming response). Default `true`.
   */
  readonly contentLength?: boolean | undefined
}

/** Django's `escape_leading_slashes`: `//evil.example/` must not become a host. */
function escapeLeadingSlashes(path: string): string {
  return path.startsWith('//') ? `/%2F${path.slice(2)}` : path
}

/**
 * The inner layers' answer for the slashed URL: a GET or HEAD, so no body is read;
 * the probe carries what was attached to the request (the data outer layers provided,
 * the adapters' platform objects).
 */
function probeWith(getResponse: Handler) {
  return async (slashed: URL, request: Request): Promise<boolean> => {
    const probe = deriveRequest(request, slashed, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    })
    const response = await getResponse(probe)
    void response.body?.cancel().catch(() => {})
    return response.status !== 404
  }
}

interface Settings {
  readonly appendSlash: boolean
  readonly contentLength: boolean
}

/** Checks the options once, naming the option and the bad value. */
function checked(options: CommonOptions): Settings {
  assertOptions(options, ['appendSlash', 'isValidPath', 'contentLength'], 'common()')
  const { appendSlash = true, contentLength = true, isValidPath } = options
  for (const [name, value] of Object.entries({ appendSlash, contentLength })) {
    if (typeof value !== 'boolean') {
      throw new ImproperlyConfigured(
        `common: ${name} must be true or false, got ${show(value)}.`,
      )
    }
  }
  if (isValidPath !== undefined && typeof isValidPath !== 'function') {
    throw new ImproperlyConfigured(
      `common: isValidPath must be a function (pathname, request) => boolean, got ${show(isValidPath)}.`,
    )
  }
  return { appendSlash, contentLength }
}

/**
 * Django's `CommonMiddleware`, response side.
 *
 * **Append slash**: a 404 from the inner layers for a GET or HEAD request whose path
 * does not end in `/` becomes a 301 to the same path with a `/` (query kept), if that
 * path exists. Django asks its URLconf; a middleware cannot see the router, so by
 * default the inner layers run a second time with the slashed URL (on a new request
 * that keeps what outer layers provided and the adapters' platform objects), and any
 * answer but a 404 counts. That costs one more pass through the inner layers and the view, only
 * for such 404s; pass `isValidPath` to ask your router instead. Other methods keep
 * their 404: a redirect would turn a POST into a GET and lose its body (Django
 * redirects anyway, or raises `RuntimeError` with `DEBUG`).
 *
 * **Content-Length**: added to a response that has none, when its body is already
 * complete: `null` (length 0, except for a HEAD request), or a stream that gives all
 * its bytes and its end at once (within a few microtasks, waiting for no I/O or
 * timer), as a body made from a string, bytes or a `Blob` does on Node, Deno and Bun.
 * A body still being produced streams on as it was, without a length (ST6: only
 * non-streaming responses get one); at most the chunks already there were taken.
 * Never on 1xx, 204, 205 and 304. On workerd, whose own bodies are not readable at
 * once, bodies are left alone (workerd sends the length of the bodies it knows).
 *
 * @param options - See {@link CommonOptions}.
 * @returns The middleware.
 * @throws ImproperlyConfigured (at build time) when an option has the wrong type.
 *
 * @example
 * ```ts
 * import { NotFound, createHandler } from 'shallot'
 * import { common } from 'shallot/middleware'
 *
 * const pages: Record<string, string> = { '/about/': 'about us' }
 * const handler = createHandler({
 *   middleware: [common()],
 *   view: (request) => {
 *     const page = pages[new URL(request.url).pathname]
 *     if (page === undefined) throw new NotFound()
 *     return new Response(page)
 *   },
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const moved = await handler(new Request('http://localhost/about?lang=en'))
 * console.log(moved.status, moved.headers.get('location')) // 301 /about/?lang=en
 * const page = await handler(new Request('http://localhost/about/'))
 * console.log(page.headers.get('content-length')) // 8
 * ```
 */
export function common(options: CommonOptions = {}): Middleware {
  const settings = checked(options)
  return function common(getResponse) {
    const { isValidPath } = options
    const exists =
      isValidPath === undefined
        ? probeWith(getResponse)
        : (slashed: URL, request: Request) => isValidPath(slashed.pathname, request)
    return async (request) => {
      let response = await getResponse(request)
      if (settings.appendSlash && response.status === 404) {
        const redirect = await slashRedirect(request, exists)
        if (redirect !== undefined) {
          void response.body?.cancel().catch(() => {})
          response = redirect
        }
      }
      if (
        !settings.contentLength ||
        response.headers.has('content-length') ||
        // No content to measure (RFC 9110 §8.6 forbids the field on 1xx and 204; on
        // a 304 it would be the length of the representation not sent).
        forbidsContent(response.status)
      ) {
        return response
      }
      if (response.body === null) {
        if (request.method === 'HEAD') return response
        response = mutableResponse(response)
        response.headers.set('content-length', '0')
        return response
      }
      if (!(await canPeek())) return response
      const known = await knownLength(response.body)
      // The body was taken from `response`: send the copy, headers and mark included.
      const copy = carryFrameExemption(response, new Response(known.body, response))
      if (known.length !== undefined) {
        copy.headers.set('content-length', String(known.length))
      }
      return copy
    }
  }
}

/** The 301 to the slashed path, if the request qualifies and that path exists. */
async function slashRedirect(
  request: Request,
  exists: (slashed: URL, request: Request) => MaybePromise<boolean>,
): Promise<Response | undefined> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
  const url = new URL(request.url)
  if (url.pathname.endsWith('/')) return undefined
  url.pathname += '/'
  if (!(await exists(url, request))) return undefined
  const location = escapeLeadingSlashes(url.pathname) + url.search
  return new Response(null, { status: 301, headers: { location } })
}
