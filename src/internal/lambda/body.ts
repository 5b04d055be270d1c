/**
 * Text or base64: how a body crosses the JSON boundary between Lambda and its caller.
 *
 * @module
 */

/** How a response body goes into the result: as UTF-8 text, or base64-encoded. */
export type BodyEncoding = 'text' | 'base64'

const TEXT_TYPES = new Set([
  'application/json',
  'application/ld+json',
  'application/xml',
  'application/javascript',
  'application/ecmascript',
  'application/x-www-form-urlencoded',
  'application/graphql',
  'application/x-ndjson',
  'image/svg+xml',
])

/**
 * The default choice of `bodyEncoding`: `text` for `text/*`, JSON, XML, JavaScript,
 * form data and any `+json` or `+xml` type; `base64` for every other type, for a
 * response without `Content-Type`, and whenever `Content-Encoding` is set (a gzipped
 * JSON body is bytes, not text).
 *
 * Whatever it answers, a body whose bytes are not valid UTF-8 is sent as base64, so
 * choosing `text` can never corrupt a body.
 *
 * @param headers - The response's headers.
 * @returns `'text'` or `'base64'`.
 * @throws Never.
 *
 * @example
 * ```ts
 * import { defaultBodyEncoding } from 'shallot/aws-lambda'
 *
 * const type = (value: string) => new Headers({ 'content-type': value })
 * console.log(defaultBodyEncoding(type('application/problem+json'))) // text
 * console.log(defaultBodyEncoding(type('image/png'))) // base64
 * console.log(
 *   defaultBodyEncoding(
 *     new Headers({ 'content-type': 'text/html', 'content-encoding': 'gzip' }),
 *   ),
 * ) // base64
 * ```
 */
export function defaultBodyEncoding(headers: Headers): BodyEncoding {
  const encoding = headers.get('content-encoding')
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return 'base64'
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type.startsWith('text/') || TEXT_TYPES.has(type)) return 'text'
  if (type.endsWith('+json') || type.endsWith('+xml')) return 'text'
  return 'base64'
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** `bytes` as a string when they are valid UTF-8, otherwise `undefined`. */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes)
  } catch {
    return undefined
  }
}

// btoa/atob rather than Buffer: the adapter runs wherever a Request does. Chunks keep
// String.fromCharCode's argument list well under engines' limits.
const CHUNK = 0x8000

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let at = 0; at < bytes.length; at += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK))
  }
  return btoa(binary)
}

/** Throws (a `DOMException` from `atob`) when `text` is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
