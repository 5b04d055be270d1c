/**
 * The request URL from `IncomingMessage`: origin from the `Host` header (or the
 * configured origin, or trusted `X-Forwarded-*`), path and query from the request
 * target. Validated before the handler runs, so a bad target is a 400 and never a
 * 500 from inside the stack.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { ImproperlyConfigured } from '../../src/index.js'
import { show } from '../../src/internal/describe.js'

/** Thrown for a request target or host that makes no valid URL; becomes a 400. */
export class BadRequestTarget extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'BadRequestTarget'
  }
}

// Characters the WHATWG URL parser leaves unchanged in a path and query: a target made
// only of them (and no dot segment) is already in its parsed form, so plain string
// concatenation gives what `new URL(...).href` would, without the parse (~0.5 µs).
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i
// Hosts the URL parser leaves as they are (once lower-cased): names whose last label
// starts with a letter, and IPv4 addresses in dotted-decimal form. A last label that is
// a number makes the parser read an IPv4 address (`0x7f.1` becomes 127.0.0.1, `a.1`
// and `1.2.3.4.5` fail), and `xn--` labels must be valid punycode: `new URL` decides.
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
const PLAIN_HOST = new RegExp(
  `^(?:(?:[a-z0-9-]*\\.)*[a-z][a-z0-9-]*\\.?|(?:${OCTET}\\.){3}${OCTET})(?::[1-9][0-9]{0,4})?$`,
)

/**
 * `http://host` (or `https://`) in the URL parser's form, from a `Host` header value.
 *
 * @throws BadRequestTarget when `host` is not a bare host with an optional port.
 */
export function originFrom(protocol: 'http' | 'https', host: string): string {
  const lower = host.toLowerCase()
  if (PLAIN_HOST.test(lower) && !lower.includes('xn--')) {
    const colon = lower.indexOf(':')
    const port = colon === -1 ? '' : lower.slice(colon + 1)
    const isDefault = port === (protocol === 'http' ? '80' : '443')
    if (!isDefault && (port === '' || Number(port) <= 65_535)) {
      return `${protocol}://${lower}`
    }
  }
  let parsed: URL
  try {
    parsed = new URL(`${protocol}://${host}`)
  } catch (error) {
    throw new BadRequestTarget(`invalid Host header ${JSON.stringify(host)}`, {
      cause: error,
    })
  }
  // `a@b`, `a/b`, `a?b` and friends parse, but not as the host they claim to be.
  if (
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.pathname !== '/' ||
    parsed.search !== '' ||
    parsed.hash !== '' ||
    /[/?#@\\]/.test(host)
  ) {
    throw new BadRequestTarget(`invalid Host header ${JSON.stringify(host)}`)
  }
  return parsed.origin
}

/**
 * The full URL for an origin-form target (`/path?query`), normalised as `new URL`
 * would. An absolute-form target (`http://other/path`, sent to proxies) keeps its
 * path and query only: the origin is never taken from the request line.
 *
 * @throws BadRequestTarget when the target makes no valid URL.
 */
export function urlFrom(origin: string, target: string): string {
  if (PLAIN_TARGET.test(target) && !DOT_SEGMENT.test(target)) return origin + target
  let path = target
  if (!target.startsWith('/')) {
    if (!/^https?:\/\//i.test(target)) {
      throw new BadRequestTarget(
        `invalid request target ${JSON.stringify(target.slice(0, 100))}`,
      )
    }
    try {
      const absolute = new URL(target)
      path = absolute.pathname + absolute.search
    } catch (error) {
      throw new BadRequestTarget(
        `invalid request target ${JSON.stringify(target.slice(0, 100))}`,
        { cause: error },
      )
    }
  }
  // Concatenated, not resolved against a base: `new URL('//evil.example/', base)`
  // would let the request target change the host. A valid origin and a path that
  // starts with `/` always parse: the path is percent-encoded, never refused.
  return new URL(origin + path).href
}

/**
 * The first value of a comma-separated header. Node joins repeated `X-Forwarded-*`
 * headers with `, ` (only `Set-Cookie` comes as an array), so this is the first of
 * those too.
 */
function first(value: string | string[] | undefined): string | undefined {
  const text = value as string | undefined
  if (text === undefined) return undefined
  const comma = text.indexOf(',')
  return (comma === -1 ? text : text.slice(0, comma)).trim() || undefined
}

/**
 * RFC 9112 (3.2): a request with more than one `Host` line is a 400. Node keeps the
 * first and drops the others from `req.headers` (not from `rawHeaders`), so the URL
 * and `request.headers.get('host')` would disagree.
 *
 * @throws BadRequestTarget when `Host` is repeated.
 */
function checkSingleHost(raw: string[]): void {
  let seen = false
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (seen) throw new BadRequestTarget('more than one Host header')
      seen = true
    }
  }
}

/** How the adapter decides the origin of request URLs. */
export interface OriginConfig {
  /** A fixed origin (`https://example.com`), or undefined to read it per request. */
  readonly origin: string | undefined
  readonly trustProxy: boolean
}

/**
 * The request's URL, validated.
 *
 * @throws BadRequestTarget when the host or the target makes no valid URL.
 */
export function requestUrl(req: IncomingMessage, config: OriginConfig): string {
  // Set on every request a server parsed.
  const target = req.url as string
  checkSingleHost(req.rawHeaders)
  if (config.origin !== undefined) return urlFrom(config.origin, target)
  let protocol: 'http' | 'https' = (req.socket as TLSSocket).encrypted
    ? 'https'
    : 'http'
  let host = req.headers.host
  if (config.trustProxy) {
    const proto = first(req.headers['x-forwarded-proto'])?.toLowerCase()
    if (proto === 'http' || proto === 'https') protocol = proto
    host = first(req.headers['x-forwarded-host']) ?? host
  }
  // HTTP/1.0 clients may send no Host; Node rejects HTTP/1.1 requests without one.
  return urlFrom(originFrom(protocol, host ?? 'localhost'), target)
}

/**
 * A configured origin checked and put in the URL parser's form.
 *
 * @throws ImproperlyConfigured when `origin` is not an `http:` or `https:` origin.
 */
export function checkedOrigin(origin: string): string {
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    throw new ImproperlyConfigured(
      `toNodeListener: origin must be like "https://example.com", got ${show(origin)}.`,
    )
  }
  if (
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.pathname !== '/' ||
    parsed.search !== '' ||
    parsed.username !== ''
  ) {
    throw new ImproperlyConfigured(
      `toNodeListener: origin must be like "https://example.com" (no path, query or credentials), got ${show(origin)}.`,
    )
  }
  return parsed.origin
}
