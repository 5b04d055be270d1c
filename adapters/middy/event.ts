/**
 * `Request` -> API Gateway v2 event: what `fromMiddy` hands Middy when the request did
 * not come from the Lambda adapter. The reverse of that adapter's mapping for payload
 * 2.0, so that its `Request` for the event is the one this was built from.
 *
 * @module
 */
import { deriveRequest } from '../../src/internal/request-data.js'
import { defaultBodyEncoding } from '../../src/internal/lambda/body.js'
import { encodeBody } from '../../src/internal/lambda/result.js'
import type { ApiGatewayV2Event } from '../../src/internal/lambda/events.js'

/** A v2 event that Middy's hooks may change: every field writable. */
export type WritableV2Event = {
  -readonly [K in keyof ApiGatewayV2Event]: ApiGatewayV2Event[K]
}

/** The event, and the request for the inner layers (its body read for the event). */
export interface BuiltEvent {
  readonly event: WritableV2Event
  readonly request: Request
}

/** Decoded query parameters, repeated ones joined with commas, as HTTP APIs send them. */
function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  let any = false
  for (const [name, value] of search) {
    out[name] = name in out ? `${out[name]},${value}` : value
    any = true
  }
  return any ? out : undefined
}

/**
 * The API Gateway v2 (HTTP API) event for `request`, as API Gateway would send it: the
 * path and query as the URL holds them (still percent-encoded), decoded
 * `queryStringParameters`, lower-case headers with the `Cookie` header moved to
 * `cookies`, `host` and `x-forwarded-proto` from the URL when the request has none
 * (API Gateway always sends both, and the Lambda adapter reads the origin from them),
 * and the body as text or base64 by the Lambda adapter's default rule.
 *
 * Reads the body: the inner layers get a request like the original with the same
 * bytes (and everything attached to it), unless it had no body.
 */
export async function toEvent(request: Request): Promise<BuiltEvent> {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  let cookies: string[] | undefined
  for (const [name, value] of request.headers) {
    if (name === 'cookie') cookies = value.split(/;\s*/).filter((c) => c !== '')
    else headers[name] = value
  }
  headers['host'] ??= url.host
  headers['x-forwarded-proto'] ??= url.protocol.slice(0, -1)
  const query = queryParameters(url.searchParams)
  const { method } = request
  const event: WritableV2Event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies === undefined || cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(query === undefined ? {} : { queryStringParameters: query }),
    requestContext: {
      domainName: url.hostname,
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        userAgent: request.headers.get('user-agent') ?? '',
      },
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  }
  if (request.body === null) return { event, request }
  const bytes = new Uint8Array(await request.arrayBuffer())
  const body = encodeBody(bytes, defaultBodyEncoding(request.headers))
  if (bytes.length > 0) {
    event.body = body.body
    event.isBase64Encoded = body.isBase64Encoded
  }
  // The original's body is spent: the inner layers read the same bytes from a copy
  // that keeps its method, headers, signal and attached data.
  const init = { method, headers: request.headers, body: bytes, signal: request.signal }
  return { event, request: deriveRequest(request, request.url, init) }
}
