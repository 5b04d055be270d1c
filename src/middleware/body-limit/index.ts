/**
 * `bodyLimit()`: a 413 for request bodies over a size, before or while they are read.
 *
 * @module
 */
import {
  BadRequest,
  HttpError,
  ImproperlyConfigured,
  type Middleware,
} from '../../index.js'
import { show } from '../../internal/describe.js'
import { assertOptions } from '../../internal/option-checks.js'
import { deriveRequest } from '../../internal/request-data.js'

/**
 * Options of {@link bodyLimit}.
 *
 * @example
 * ```ts
 * import type { BodyLimitOptions } from 'shallot/middleware'
 *
 * const options: BodyLimitOptions = { maxBytes: 1024 * 1024 }
 * ```
 */
export interface BodyLimitOptions {
  /** The largest request body accepted, in bytes. Required. */
  readonly maxBytes: number
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    `Content Too Large: the request body is larger than bodyLimit's maxBytes (${maxBytes} bytes).`,
  )
}

/** `source` passed on chunk by chunk, as the reader asks, erroring past `maxBytes`. */
function counted(
  source: ReadableStream<Uint8Array>,
  maxBytes: number,
  onTooLarge: () => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let received = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        received += value.byteLength
        if (received > maxBytes) {
          onTooLarge()
          const error = tooLarge(maxBytes)
          controller.error(error)
          await reader.cancel(error) // stop reading the upload
          return
        }
        controller.enqueue(value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

/**
 * A request like `request` whose body is `body`, carrying what was attached to it (the
 * provided data, the adapters' platform objects).
 */
function withBody(request: Request, body: ReadableStream<Uint8Array>): Request {
  const init = {
    method: request.method,
    headers: request.headers,
    body,
    duplex: 'half', // a stream body (Fetch §5.4); not yet in the DOM lib's RequestInit
    signal: request.signal,
  }
  return deriveRequest(request, request.url, init)
}

/**
 * Answers 413 Content Too Large to requests whose body is larger than `maxBytes`,
 * without reading more of it than the limit (RFC 9110 §15.5.14).
 *
 * - A `Content-Length` over the limit: 413 at once, nothing read, the inner layers not
 *   called. One that is not a number: 400.
 * - A `Content-Length` within the limit: the request passes unchanged (the server
 *   already holds the body to its declared length).
 * - No `Content-Length` (a chunked upload): the inner layers get a new `Request` whose
 *   body counts the bytes as they are read and errors with `HttpError(413)` past the
 *   limit. Reading it (`request.text()`, a reader) rejects with that error, which
 *   becomes a 413 wherever it is thrown; and if it happened before the inner layers
 *   answered, this layer answers 413 whatever they returned.
 *
 * The new request keeps the method, URL, headers, signal, the properties outer layers
 * provided and the adapters' platform objects (`nodePlatform`, `lambdaPlatform` and
 * `fetchPlatform` answer inside as outside); it is a real `Request`, not the Node
 * adapter's lazy one.
 *
 * @param limit - `maxBytes`, or {@link BodyLimitOptions}.
 * @returns The middleware.
 * @throws ImproperlyConfigured at once when `maxBytes` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { bodyLimit } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [bodyLimit(16)],
 *   view: async (request) => new Response(`got ${(await request.text()).length} bytes`),
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const post = (body: string) =>
 *   handler(new Request('http://localhost/', { method: 'POST', body }))
 * console.log(await (await post('small')).text()) // got 5 bytes
 * console.log((await post('a body longer than sixteen bytes')).status) // 413
 * ```
 */
export function bodyLimit(limit: number | BodyLimitOptions): Middleware {
  // A misspelt key would leave maxBytes undefined; name it instead.
  if (typeof limit === 'object' && limit !== null) {
    assertOptions(limit, ['maxBytes'], 'bodyLimit()')
  }
  const maxBytes = typeof limit === 'number' ? limit : limit?.maxBytes
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new ImproperlyConfigured(
      `bodyLimit() option maxBytes must be a non-negative integer (bytes), got ${show(maxBytes)}.`,
    )
  }
  return (getResponse) => async (request) => {
    if (request.body === null) return getResponse(request)
    const length = request.headers.get('content-length')
    if (length !== null) {
      if (!/^\d+$/.test(length.trim())) {
        throw new BadRequest(`Content-Length is not a number: ${length}`)
      }
      if (Number(length) > maxBytes) throw tooLarge(maxBytes)
      return getResponse(request)
    }
    let exceeded = false
    const limited = counted(request.body, maxBytes, () => (exceeded = true))
    const response = await getResponse(withBody(request, limited))
    if (!exceeded) return response
    await response.body?.cancel().catch(() => {})
    throw tooLarge(maxBytes)
  }
}
