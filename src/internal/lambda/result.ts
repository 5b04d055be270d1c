/**
 * `Response` -> result: status, headers, cookies and body in the shape the event came in.
 *
 * @module
 */
import { isBodyless, reasonPhrase } from '../status.js'
import { toBase64, utf8, type BodyEncoding } from './body.js'
import type { EventKind } from './kind.js'
import type { LambdaResult } from './events.js'

/** A response's headers split the way every result shape needs them. */
export interface SplitHeaders {
  /** Every header but `set-cookie`, repeated ones joined with `, `. */
  readonly headers: Record<string, string>
  /** Each `Set-Cookie` on its own. */
  readonly cookies: string[]
}

export function splitHeaders(from: Headers): SplitHeaders {
  // fromEntries defines own properties: a header named `__proto__` stays a header.
  const headers = Object.fromEntries(
    [...from].filter(([name]) => name !== 'set-cookie'),
  )
  return { headers, cookies: from.getSetCookie() }
}

/**
 * `set-cookie`, `Set-cookie`, `sEt-cookie`, ...: the n-th case variant of the name. A
 * single-value ALB answer holds one value per header name, but names that differ in
 * case are different keys of the JSON object, and HTTP treats them as one header.
 */
function cookieName(n: number): string {
  let name = ''
  let bit = 0
  for (const char of 'set-cookie') {
    if (char === '-') name += char
    else name += (n >> bit++) & 1 ? char.toUpperCase() : char
  }
  return name
}

/** `200 OK`: ALB's `statusDescription`. */
export function statusDescription(status: number, statusText = ''): string {
  return `${status} ${statusText || reasonPhrase(status) || ''}`.trim()
}

export interface Body {
  readonly body: string
  readonly isBase64Encoded: boolean
}

/** The body as a result holds it: text when chosen and valid UTF-8, else base64. */
export function encodeBody(bytes: Uint8Array, encoding: BodyEncoding): Body {
  if (bytes.length === 0) return { body: '', isBase64Encoded: false }
  const text = encoding === 'text' ? utf8(bytes) : undefined
  return text === undefined
    ? { body: toBase64(bytes), isBase64Encoded: true }
    : { body: text, isBase64Encoded: false }
}

/** A result of `kind`'s shape from its parts. */
export function shapeResult(
  kind: EventKind | undefined,
  status: number,
  statusText: string,
  split: SplitHeaders,
  body: Body,
): LambdaResult {
  const { headers, cookies } = split
  switch (kind) {
    case 'v2':
      return cookies.length > 0
        ? { statusCode: status, headers, cookies, ...body }
        : { statusCode: status, headers, ...body }
    case 'alb-multi': {
      const multiValueHeaders = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, [value]]),
      )
      if (cookies.length > 0) multiValueHeaders['set-cookie'] = cookies
      const description = statusDescription(status, statusText)
      return {
        statusCode: status,
        statusDescription: description,
        multiValueHeaders,
        ...body,
      }
    }
    case 'alb': {
      const all = { ...headers }
      // 2^9 case variants of `set-cookie`; more cookies than that do not fit.
      cookies.slice(0, 512).forEach((cookie, n) => (all[cookieName(n)] = cookie))
      const description = statusDescription(status, statusText)
      return {
        statusCode: status,
        statusDescription: description,
        headers: all,
        ...body,
      }
    }
    default:
      // v1, and events of no known kind (their 400): API Gateway's REST shape, which
      // has no field another integration would refuse.
      return cookies.length > 0
        ? {
            statusCode: status,
            headers,
            multiValueHeaders: { 'set-cookie': cookies },
            ...body,
          }
        : { statusCode: status, headers, ...body }
  }
}

/**
 * The result for `response`, read to the end. Rejects when the body stream errors.
 */
export async function toResult(
  response: Response,
  method: string,
  kind: EventKind | undefined,
  bodyEncoding: (headers: Headers) => BodyEncoding,
): Promise<LambdaResult> {
  const split = splitHeaders(response.headers)
  let bytes = new Uint8Array(0)
  // No body for HEAD, 1xx, 204, 205 and 304, whatever the view returned.
  if (isBodyless(method, response.status)) await response.body?.cancel()
  else bytes = new Uint8Array(await response.arrayBuffer())
  const body = encodeBody(bytes, bodyEncoding(response.headers))
  return shapeResult(kind, response.status, response.statusText, split, body)
}
