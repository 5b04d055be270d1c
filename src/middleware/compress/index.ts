/**
 * `compress()`: gzip, deflate or brotli response bodies, negotiated from
 * `Accept-Encoding` and streamed (Django's `GZipMiddleware`, ST4).
 *
 * @module
 */
import { ImproperlyConfigured, type Middleware } from '../../index.js'
import { negotiateEncoding } from './accept-encoding.js'
import { flushingCompression } from './flushing-compression.js'
import { show, typeName } from '../../internal/describe.js'
import { assertOptions } from '../../internal/option-checks.js'
import { forbidsContent } from '../../internal/status.js'

/** The content codings `compress` knows; `br` only where `CompressionStream` has it. */
export type Encoding = 'gzip' | 'br' | 'deflate'

/**
 * Options of {@link compress}.
 *
 * @example
 * ```ts
 * import type { CompressOptions } from 'shallot/middleware'
 *
 * const options: CompressOptions = { encodings: ['gzip'], minSize: 1024 }
 * ```
 */
export interface CompressOptions {
  /**
   * The codings to offer, in order of preference (it breaks ties between equal
   * q-values). Codings the runtime's `CompressionStream` lacks are dropped at build
   * time. Default `['gzip', 'br', 'deflate']`.
   */
  readonly encodings?: readonly Encoding[]
  /**
   * A body whose `Content-Length` is below this many bytes is sent as it is. Bodies
   * of unknown length are always compressed. Default `200` (Django's).
   */
  readonly minSize?: number
  /**
   * Whether a media type (lower case, no parameters; `''` when there is no
   * `Content-Type`) is worth compressing. Default: everything except images (but SVG,
   * BMP and icons), audio, video, WOFF fonts and archives, which are compressed already.
   */
  readonly compressible?: (mediaType: string) => boolean
}

const KNOWN: readonly Encoding[] = ['gzip', 'br', 'deflate']
const COMPRESSED_TYPES = new Set([
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'application/zstd',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'font/woff',
  'font/woff2',
])
const UNCOMPRESSED_IMAGES = new Set([
  'image/svg+xml',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
])

function compressedAlready(mediaType: string): boolean {
  if (COMPRESSED_TYPES.has(mediaType)) return true
  if (mediaType.startsWith('image/')) return !UNCOMPRESSED_IMAGES.has(mediaType)
  return mediaType.startsWith('audio/') || mediaType.startsWith('video/')
}

/** Whether this runtime's `CompressionStream` can produce `encoding`. */
function supported(encoding: Encoding): boolean {
  // gzip and deflate are framed by shallot around `deflate-raw` stretches.
  const format = encoding === 'br' ? 'br' : 'deflate-raw'
  try {
    new CompressionStream(format as CompressionFormat)
    return true
  } catch {
    return false // no CompressionStream at all, or not this format
  }
}

function validate(options: CompressOptions): Required<CompressOptions> {
  assertOptions(options, ['encodings', 'minSize', 'compressible'], 'compress()')
  const { encodings = ['gzip', 'br', 'deflate'], minSize = 200 } = options
  const compressible = options.compressible ?? ((type) => !compressedAlready(type))
  if (
    !Array.isArray(encodings) ||
    encodings.length === 0 ||
    encodings.some((e: unknown) => !(KNOWN as readonly unknown[]).includes(e))
  ) {
    throw new ImproperlyConfigured(
      `compress() option encodings must be a non-empty array of 'gzip', 'br' and 'deflate', got ${show(encodings)}.`,
    )
  }
  if (!Number.isSafeInteger(minSize) || minSize < 0) {
    throw new ImproperlyConfigured(
      `compress() option minSize must be a non-negative integer (bytes), got ${show(minSize)}.`,
    )
  }
  if (typeof compressible !== 'function') {
    throw new ImproperlyConfigured(
      `compress() option compressible must be a function, got ${typeName(compressible)}.`,
    )
  }
  return { encodings, minSize, compressible }
}

/** `response` with `Accept-Encoding` in its `Vary` (RFC 9110 §12.5.5). */
function varyOnEncoding(response: Response): Response {
  const vary = response.headers.get('vary')
  if (vary !== null && /(^|,)\s*(\*|accept-encoding)\s*(,|$)/i.test(vary))
    return response
  try {
    response.headers.append('vary', 'Accept-Encoding')
    return response
  } catch {
    // Immutable headers (Response.redirect(), fetch()): copy, then set.
    const copy = new Response(response.body, response)
    copy.headers.append('vary', 'Accept-Encoding')
    return copy
  }
}

/**
 * Compresses response bodies with the best coding the client accepts (gzip, deflate,
 * or brotli where the runtime's `CompressionStream` has it), as they stream: gzip and
 * deflate are flushed whenever the body pauses, so a client decodes each part as soon
 * as it is produced. Follows Django's `GZipMiddleware` (ST4): `Vary: Accept-Encoding`,
 * no `Content-Length`, a strong `ETag` made weak.
 *
 * A response to HEAD gets the headers GET's would (its body is not encoded: nobody
 * reads it). Left as they are: 204, 206 and 304 responses and those without a body;
 * responses with a `Content-Encoding` already, or `Cache-Control: no-transform`;
 * media types that are not `compressible`; bodies with a `Content-Length` under
 * `minSize`.
 *
 * @param options - See {@link CompressOptions}; every option has a default.
 * @returns The middleware.
 * @throws ImproperlyConfigured at once when an option is invalid.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { compress } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [compress()],
 *   view: () => new Response('a long and repetitive text '.repeat(20)),
 * })
 * const response = await handler(
 *   new Request('http://localhost/', { headers: { 'accept-encoding': 'gzip' } }),
 * )
 * console.log(response.headers.get('content-encoding')) // gzip
 * const text = await new Response(
 *   response.body!.pipeThrough(new DecompressionStream('gzip')),
 * ).text()
 * console.log(text.length) // 540
 * ```
 */
export function compress(options: CompressOptions = {}): Middleware {
  const { encodings, minSize, compressible } = validate(options)
  // Which codings the runtime has is asked on the first request: workerd refuses to
  // create a CompressionStream in the global scope, where stacks are usually built.
  let available: readonly Encoding[] | undefined
  return (getResponse) => async (request) => {
    const response = await getResponse(request)
    const { headers, status } = response
    if (
      status === 204 ||
      status === 206 ||
      headers.has('content-encoding') ||
      headers.has('content-range') ||
      /(^|,)\s*no-transform\s*(,|$)/i.test(headers.get('cache-control') ?? '')
    ) {
      return response
    }
    const mediaType = (headers.get('content-type') ?? '').split(';')[0]!.trim()
    if (!compressible(mediaType.toLowerCase())) return response
    const length = headers.get('content-length')
    if (length !== null && Number(length) < minSize) return response // ST4.1
    // From here on, what is sent depends on Accept-Encoding (ST4.3).
    // HEAD gets GET's headers (RFC 9110 §9.3.2): its body, which the server drops, or
    // its Content-Length when the view left the body out, stands for GET's.
    const isHead = request.method === 'HEAD'
    if (
      forbidsContent(status) ||
      (response.body === null && !(isHead && length !== null))
    ) {
      return varyOnEncoding(response)
    }
    available ??= encodings.filter(supported)
    const coding = negotiateEncoding(request.headers.get('accept-encoding'), available)
    if (coding === undefined) return varyOnEncoding(response)
    const source = response.body
    let body: ReadableStream<Uint8Array> | null = null
    // HEAD: nothing to encode, as nobody reads the body.
    if (isHead || source === null) void source?.cancel().catch(() => {})
    else if (coding === 'br')
      body = source.pipeThrough(new CompressionStream('br' as CompressionFormat))
    else body = flushingCompression(coding as 'gzip' | 'deflate', source)
    const out = new Headers(headers)
    out.delete('content-length') // ST4.5
    out.set('content-encoding', coding) // ST4.8
    const etag = out.get('etag')
    if (etag !== null && !etag.startsWith('W/')) out.set('etag', `W/${etag}`) // ST4.7
    const init = { status, statusText: response.statusText, headers: out }
    // workerd encodes a body itself when Content-Encoding is set, unless told it is
    // encoded already ('manual'); other runtimes ignore the extra member.
    return varyOnEncoding(
      new Response(body, { ...init, encodeBody: 'manual' } as ResponseInit),
    )
  }
}
