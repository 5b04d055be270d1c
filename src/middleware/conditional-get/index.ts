/**
 * `conditionalGet`: Django's `ConditionalGetMiddleware` for Web responses: ETags for
 * complete bodies, 304 Not Modified and 412 Precondition Failed (RFC 9110 §13).
 *
 * @module
 */
import { HttpError, ImproperlyConfigured } from '../../errors.js'
import type { MaybePromise, Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { assertOptions } from '../../internal/option-checks.js'
import {
  evaluatePreconditions,
  httpDate,
  toSeconds,
  type Current,
} from './http-conditions.js'

/** The options of {@link conditionalGet}; every one has a default. */
export interface ConditionalGetOptions {
  /**
   * The `ETag` generated for a complete body without one: `'strong'` (`"<hash>"`),
   * `'weak'` (`W/"<hash>"`, for bodies a later layer may re-encode) or `false` (none;
   * only the view's own `ETag` and `Last-Modified` are used). Default: `'strong'`.
   */
  readonly etag?: 'strong' | 'weak' | false
  /**
   * The most bytes read from a body to hash it. A body that ends within the limit gets
   * an ETag; a longer one is passed on unchanged, the bytes read included, and gets
   * none. Default: `65536` (64 KiB).
   */
  readonly maxBodyBytes?: number
  /**
   * Reads the resource's current validators before the view runs, for any method, like
   * Django's `condition` decorator: a failed `If-Match` or `If-Unmodified-Since` is a
   * 412 before an unsafe method changes anything, and a GET that is not modified is a
   * 304 without running the view. Return `undefined` when the resource does not exist.
   * Default: none, so only GET and HEAD responses are checked, after the view.
   */
  readonly validators?: (request: Request) => MaybePromise<
    | {
        /** The resource's current entity tag, quoted (`"v1"` or `W/"v1"`). */
        readonly etag?: string
        /** When the resource last changed (compared to the second). */
        readonly lastModified?: Date
      }
    | undefined
  >
}

/** Headers a 304 keeps (RFC 9110 §15.4.5, and `Last-Modified` as Django keeps it). */
const KEPT_BY_304 = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'last-modified',
  'vary',
]

/**
 * Answers conditional requests with 304 Not Modified or 412 Precondition Failed, and
 * gives complete GET and HEAD bodies an `ETag`, as Django's `ConditionalGetMiddleware`.
 *
 * After the view, for a GET or HEAD with a 2xx response:
 *
 * 1. A 200 without `ETag` and without `Cache-Control: no-store` gets a SHA-256 `ETag`
 *    when its body is known complete: it is read up to `maxBodyBytes` and ends within
 *    them. Empty bodies, `text/event-stream` and a `Content-Length` over the limit are
 *    skipped, and a longer body streams on unchanged with no `ETag` (ST5: Django skips
 *    streaming responses).
 * 2. With an `ETag` or a `Last-Modified`, the preconditions are evaluated in RFC 9110
 *    §13.2.2's order: `If-Match` (strong comparison) else `If-Unmodified-Since`, a
 *    failure being a 412; then `If-None-Match` (weak comparison) else
 *    `If-Modified-Since`, a match being a 304 that keeps `Cache-Control`,
 *    `Content-Location`, `Date`, `ETag`, `Expires`, `Last-Modified`, `Vary` and
 *    `Set-Cookie`.
 *
 * Other methods pass untouched: after the view it is too late for a 412, since the
 * change is made. The `validators` option evaluates them before the view instead.
 *
 * @param options - See {@link ConditionalGetOptions}; defaults: a strong `ETag`,
 *   `maxBodyBytes: 65536`, no `validators`.
 * @returns The middleware.
 * @throws ImproperlyConfigured at once for an option of the wrong shape, naming it and
 *   the bad value (`conditionalGet(): options.etag must be ...`).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { conditionalGet } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [conditionalGet()],
 *   view: () => new Response('the same body every time'),
 * })
 * const first = await handler(new Request('http://localhost/'))
 * const etag = first.headers.get('etag') ?? ''
 * const again = await handler(
 *   new Request('http://localhost/', { headers: { 'if-none-match': etag } }),
 * )
 * console.log(first.status, again.status, again.headers.get('etag') === etag) // 200 304 true
 * ```
 */
export function conditionalGet(options: ConditionalGetOptions = {}): Middleware {
  const { etag: kind, maxBodyBytes, validators } = validate(options)
  return function conditionalGet(getResponse) {
    return async (request) => {
      const safe = request.method === 'GET' || request.method === 'HEAD'
      let known: { etag?: string; lastModified?: Date } | undefined
      if (validators !== undefined) {
        known = await validators(request)
        const current: Current = {
          etag: known?.etag ?? null,
          lastModified: known?.lastModified && toSeconds(known.lastModified.getTime()),
          exists: known !== undefined,
        }
        const outcome = evaluatePreconditions(request, current)
        if (outcome === 'failed') throw preconditionFailed(request)
        if (outcome === 'not-modified') return notModified(validatorHeaders(known))
      }
      let response = await getResponse(request)
      if (!safe || response.status < 200 || response.status > 299) return response

      if (known !== undefined) response = withValidators(response, known)
      if (
        kind !== false &&
        response.status === 200 &&
        !response.headers.has('etag') &&
        !noStore(response)
      ) {
        response = await withGeneratedEtag(response, kind, maxBodyBytes)
      }

      const etag = response.headers.get('etag')
      const lastModified = httpDate(response.headers.get('last-modified'))
      if (etag === null && lastModified === undefined) return response
      const outcome = evaluatePreconditions(request, {
        etag,
        lastModified,
        exists: true,
      })
      if (outcome === 'proceed') return response
      // The client gets no body: release the view's stream instead of leaving it open.
      await response.body?.cancel().catch(() => {})
      if (outcome === 'failed') throw preconditionFailed(request)
      return notModified(response.headers)
    }
  }
}

function preconditionFailed(request: Request): HttpError {
  return new HttpError(412, `Precondition Failed: ${new URL(request.url).pathname}`)
}

function notModified(from: Headers): Response {
  const headers = new Headers()
  for (const name of KEPT_BY_304) {
    const value = from.get(name)
    if (value !== null) headers.set(name, value)
  }
  // Cookies stay, as Django's `_not_modified` keeps them.
  for (const cookie of from.getSetCookie()) headers.append('set-cookie', cookie)
  return new Response(null, { status: 304, headers })
}

function validatorHeaders(known: { etag?: string; lastModified?: Date } | undefined) {
  const headers = new Headers()
  if (known?.etag !== undefined) headers.set('etag', known.etag)
  if (known?.lastModified !== undefined) {
    headers.set('last-modified', known.lastModified.toUTCString())
  }
  return headers
}

/** Adds the `validators`' ETag and Last-Modified where the view set none. */
function withValidators(
  response: Response,
  known: { etag?: string; lastModified?: Date },
): Response {
  const missing = [...validatorHeaders(known)].filter(
    ([name]) => !response.headers.has(name),
  )
  if (missing.length === 0) return response
  const copy = new Response(response.body, response)
  for (const [name, value] of missing) copy.headers.set(name, value)
  return copy
}

function noStore(response: Response): boolean {
  return (response.headers.get('cache-control') ?? '')
    .split(',')
    .some((directive) => directive.trim().toLowerCase() === 'no-store')
}

/**
 * Reads the body up to `limit` bytes. If it ends within them, the response comes back
 * with those bytes and an ETag; otherwise with a body that replays the bytes read and
 * streams the rest, and no ETag. Either way the client gets every byte once.
 */
async function withGeneratedEtag(
  response: Response,
  kind: 'strong' | 'weak',
  limit: number,
): Promise<Response> {
  if (response.body === null || limit === 0) return response
  const type = response.headers.get('content-type') ?? ''
  if (type.toLowerCase().startsWith('text/event-stream')) return response
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > limit) return response

  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let complete = false
  try {
    while (size <= limit) {
      const { done, value } = await reader.read()
      if (done) {
        complete = true
        break
      }
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // The stream failed: the replay below reads again and hands the client the error.
  }
  const init = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  }
  if (!complete) return new Response(replay(chunks, reader), init)

  const body = concat(chunks, size)
  const result = new Response(body, init)
  // Django's set_response_etag skips empty content.
  if (size > 0) result.headers.set('etag', await hashTag(body, kind))
  return result
}

function replay(
  chunks: readonly Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
}

/** One fresh buffer (at most `maxBodyBytes`): hashing and `new Response` both take it. */
function concat(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** A quoted, base64url SHA-256 of the body: the same bytes, the same tag, anywhere. */
async function hashTag(
  body: Uint8Array<ArrayBuffer>,
  kind: 'strong' | 'weak',
): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body))
  const base64url = btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
  return kind === 'weak' ? `W/"${base64url}"` : `"${base64url}"`
}

function validate(options: ConditionalGetOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new ImproperlyConfigured(
      `conditionalGet() takes an options object or nothing, got ${show(options, "'")}.`,
    )
  }
  assertOptions(options, ['etag', 'maxBodyBytes', 'validators'], 'conditionalGet()')
  const { etag = 'strong', maxBodyBytes = 65_536, validators } = options
  if (etag !== 'strong' && etag !== 'weak' && etag !== false) {
    bad('etag', "'strong', 'weak' or false", etag)
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    bad('maxBodyBytes', 'a whole number of bytes, 0 or more', maxBodyBytes)
  }
  if (validators !== undefined && typeof validators !== 'function') {
    bad('validators', 'a function', validators)
  }
  return { etag, maxBodyBytes, validators }
}

function bad(
  name: keyof ConditionalGetOptions,
  expected: string,
  value: unknown,
): never {
  throw new ImproperlyConfigured(
    `conditionalGet(): options.${name} must be ${expected}, got ${show(value, "'")}.`,
  )
}
