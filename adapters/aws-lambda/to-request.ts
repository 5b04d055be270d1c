/**
 * Event -> `Request`: the URL, method, headers and body of each integration's event.
 *
 * @module
 */
import { fromBase64 } from '../../src/internal/lambda/body.js'
import { isObject, type EventKind, type Json } from '../../src/internal/lambda/kind.js'

/** An event the adapter cannot turn into a request; answered with a 400. */
export class MalformedEvent extends Error {
  override name = 'MalformedEvent'
}

const fail = (message: string): never => {
  throw new MalformedEvent(message)
}

/** A map of strings (null values skipped), or `undefined` when absent or null. */
function values(event: Json, field: string): [string, string][] | undefined {
  const map = event[field]
  if (map === undefined || map === null) return undefined
  if (!isObject(map)) return fail(`${field} is not an object`)
  const out: [string, string][] = []
  for (const [key, value] of Object.entries(map)) {
    if (value === null || value === undefined) continue
    if (typeof value !== 'string') return fail(`${field}.${key} is not a string`)
    out.push([key, value])
  }
  return out
}

/** A map of string lists, flattened to pairs, or `undefined` when absent or null. */
function valueLists(event: Json, field: string): [string, string][] | undefined {
  const map = event[field]
  if (map === undefined || map === null) return undefined
  if (!isObject(map)) return fail(`${field} is not an object`)
  const out: [string, string][] = []
  for (const [key, list] of Object.entries(map)) {
    if (list === null || list === undefined) continue
    if (!Array.isArray(list)) return fail(`${field}.${key} is not an array`)
    for (const value of list as unknown[]) {
      if (typeof value !== 'string') return fail(`${field}.${key} holds a non-string`)
      out.push([key, value])
    }
  }
  return out
}

/**
 * The multi-value map's pairs, plus the single-value map's for names the multi-value
 * map lacks (some tools send `multiValueHeaders: {}` beside a full `headers`).
 */
function pairs(event: Json, multi: string, single: string, caseless = false) {
  const many = valueLists(event, multi) ?? []
  const key = (name: string) => (caseless ? name.toLowerCase() : name)
  const known = new Set(many.map(([name]) => key(name)))
  const one = (values(event, single) ?? []).filter(([name]) => !known.has(key(name)))
  return [...many, ...one]
}

function headersOf(event: Json, kind: EventKind): Headers {
  // v1 events carry both maps; the multi-value one holds every value of a repeated
  // header, the single-value one only the last.
  const list =
    kind === 'v2' || kind === 'alb'
      ? (values(event, 'headers') ?? [])
      : pairs(event, 'multiValueHeaders', 'headers', true)
  const headers = new Headers()
  for (const [name, value] of list) {
    try {
      headers.append(name, value)
    } catch {
      fail(`header ${JSON.stringify(name)} is not a valid HTTP header`)
    }
  }
  if (kind === 'v2') {
    // Payload 2.0 moves the Cookie header into `cookies`; a Function URL sends both,
    // so the array replaces the header rather than adding to it.
    const cookies = event['cookies']
    if (cookies !== undefined && cookies !== null) {
      if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) {
        fail('cookies is not an array of strings')
      }
      const list = cookies as string[]
      if (list.length > 0) {
        try {
          headers.set('cookie', list.join('; '))
        } catch {
          fail('cookies holds a value that is not valid in an HTTP header')
        }
      }
    }
  }
  return headers
}

const HOST = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * `https://<host>` from the Host header, else the API's domain name; `localhost` when
 * neither is a valid host (a documentation example has `<url-id>.lambda-url...`).
 */
function originOf(headers: Headers, context: unknown): string {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  const scheme = forwarded === 'http' ? 'http' : 'https'
  const domain = isObject(context) ? context['domainName'] : undefined
  for (const candidate of [headers.get('host'), domain]) {
    if (typeof candidate !== 'string' || !HOST.test(candidate)) continue
    try {
      return new URL(`${scheme}://${candidate}`).origin
    } catch {
      // not a host after all: try the next candidate
    }
  }
  return `${scheme}://localhost`
}

const hex = (char: string) =>
  `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`

/**
 * A path from any integration made safe to put in a URL. Encoded paths (REST, ALB,
 * Function URLs) pass unchanged; a decoded one (HTTP API decodes `rawPath`, so
 * `/a%2Fb` arrives as `/a/b`) has what URL syntax would misread escaped: a `%` not
 * starting an escape, `?`, `#`, `\` (a slash to the URL parser), spaces and control
 * characters (which the parser would drop or trim). Other characters the parser
 * encodes itself.
 */
export function escapePath(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  const escaped = path.replace(/%(?![0-9A-Fa-f]{2})|[?#\\\u0000-\u0020\u007f]/g, hex)
  return escaped.startsWith('/') ? escaped : `/${escaped}`
}

/** An already-encoded query string made safe: the same escapes, bar `?`. */
function escapeQuery(query: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  return query.replace(/%(?![0-9A-Fa-f]{2})|[#\u0000-\u0020\u007f]/g, hex)
}

/** Decoded pairs encoded again; a lone surrogate has no encoding, so it is a 400. */
const encode = (pairs: [string, string][]) =>
  pairs
    .map(([k, v]) => {
      try {
        return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`
      } catch {
        return fail(`query parameter ${JSON.stringify(k)} is not well-formed Unicode`)
      }
    })
    .join('&')

function searchOf(event: Json, kind: EventKind): string {
  let query: string
  if (kind === 'v2') {
    const raw = event['rawQueryString']
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      fail('rawQueryString is not a string')
    }
    query =
      typeof raw === 'string'
        ? escapeQuery(raw)
        : encode(values(event, 'queryStringParameters') ?? [])
  } else if (kind === 'v1') {
    // REST APIs hand the parameters over decoded: encode them again.
    query = encode(
      pairs(event, 'multiValueQueryStringParameters', 'queryStringParameters'),
    )
  } else {
    // ALB passes them as the client sent them, still encoded: do not encode twice.
    query = pairs(event, 'multiValueQueryStringParameters', 'queryStringParameters')
      .map(([k, v]) => `${escapeQuery(k)}=${escapeQuery(v)}`)
      .join('&')
  }
  return query === '' ? '' : `?${query}`
}

/** Payload 2.0's `requestContext.http`, or `{}` when it is not an object. */
function httpOf(event: Json): Json {
  const context = event['requestContext']
  const http = isObject(context) ? context['http'] : undefined
  return isObject(http) ? http : {}
}

function methodOf(event: Json, kind: EventKind): string {
  const method = kind === 'v2' ? httpOf(event)['method'] : event['httpMethod']
  if (typeof method !== 'string' || method === '') return fail('no HTTP method')
  return method
}

function pathOf(event: Json, kind: EventKind): string {
  // v1: `path`, never `requestContext.path`, which has the stage in front.
  let path = kind === 'v2' ? event['rawPath'] : event['path']
  if (kind === 'v2' && typeof path !== 'string') path = httpOf(event)['path']
  if (typeof path !== 'string') return fail('no path')
  return escapePath(path)
}

function bodyOf(event: Json, method: string): Uint8Array<ArrayBuffer> | null {
  const body = event['body']
  if (body === undefined || body === null || body === '') return null
  if (typeof body !== 'string') return fail('body is not a string')
  // Some real events are a GET or HEAD with a body, which `new Request` refuses: the
  // body goes, the request stays.
  if (method === 'GET' || method === 'HEAD') return null
  if (event['isBase64Encoded'] === true) {
    try {
      return fromBase64(body)
    } catch {
      return fail('body is marked base64 but is not')
    }
  }
  return new TextEncoder().encode(body)
}

/**
 * The `Request` an event describes.
 *
 * @throws MalformedEvent when a field has the wrong type, a header is not valid HTTP,
 * a base64 body is not base64, or `Request` refuses the result (an invalid method).
 */
export function toRequest(event: Json, kind: EventKind): Request {
  const method = methodOf(event, kind)
  const upper = method.toUpperCase()
  const headers = headersOf(event, kind)
  const url =
    originOf(headers, event['requestContext']) +
    pathOf(event, kind) +
    searchOf(event, kind)
  const body = bodyOf(event, upper)
  const raw = event['body']
  if (body === null && typeof raw === 'string' && raw !== '') {
    // A GET or HEAD whose body was dropped: a length or chunked framing left behind
    // would describe bytes the request no longer has.
    headers.delete('content-length')
    headers.delete('transfer-encoding')
  }
  try {
    // Bytes, not a string: a string body would add `content-type: text/plain`.
    return new Request(url, { method, headers, body })
  } catch (error) {
    return fail(`Request refused it: ${(error as Error).message}`)
  }
}
