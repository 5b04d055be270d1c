/**
 * `securityHeaders`: Django's `SecurityMiddleware` and `XFrameOptionsMiddleware` in
 * one layer.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { isFrameExempt } from '../../internal/frame-exempt.js'
import { mutableResponse } from '../../internal/mutable-response.js'
import { assertOptions } from '../../internal/option-checks.js'

/** The `Referrer-Policy` tokens of the Referrer Policy spec (§3), as Django checks them. */
const REFERRER_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
])

/** Django's three values, plus the HTML standard's later `noopener-allow-popups`. */
const OPENER_POLICIES = new Set([
  'same-origin',
  'same-origin-allow-popups',
  'noopener-allow-popups',
  'unsafe-none',
])

/** `securityHeaders()`'s options; every one has Django's default. */
export interface SecurityHeadersOptions {
  /**
   * `Strict-Transport-Security: max-age=<n>` on https responses (Django's
   * `SECURE_HSTS_SECONDS`). Default `0`: no HSTS header. Browsers remember it for `n`
   * seconds, so start small.
   */
  readonly hstsSeconds?: number | undefined
  /** Adds `; includeSubDomains` to HSTS (`SECURE_HSTS_INCLUDE_SUBDOMAINS`). Default `false`. */
  readonly hstsIncludeSubdomains?: boolean | undefined
  /** Adds `; preload` to HSTS (`SECURE_HSTS_PRELOAD`). Default `false`. */
  readonly hstsPreload?: boolean | undefined
  /** `X-Content-Type-Options: nosniff` (`SECURE_CONTENT_TYPE_NOSNIFF`). Default `true`. */
  readonly contentTypeNosniff?: boolean | undefined
  /**
   * `Referrer-Policy` (`SECURE_REFERRER_POLICY`): one token, a comma-separated list or
   * an array (fallbacks, last understood wins). `false` leaves it out. Default
   * `'same-origin'`.
   */
  readonly referrerPolicy?: string | readonly string[] | false | undefined
  /**
   * `Cross-Origin-Opener-Policy` (`SECURE_CROSS_ORIGIN_OPENER_POLICY`); `false` leaves
   * it out. Default `'same-origin'`.
   */
  readonly crossOriginOpenerPolicy?: string | false | undefined
  /**
   * `X-Frame-Options` (Django's `X_FRAME_OPTIONS`, `XFrameOptionsMiddleware`): `'DENY'`
   * or `'SAMEORIGIN'` (any case); `false` leaves it out. Default `'DENY'`.
   */
  readonly frameOptions?:
    'DENY' | 'SAMEORIGIN' | 'deny' | 'sameorigin' | false | undefined
  /** Redirects http requests to https with a 301 (`SECURE_SSL_REDIRECT`). Default `false`. */
  readonly sslRedirect?: boolean | undefined
  /**
   * The host (with port, if any) to redirect to, instead of the request's
   * (`SECURE_SSL_HOST`). Default: the request's host.
   */
  readonly sslHost?: string | undefined
  /**
   * Paths that stay on http: each pattern is tested against the path without its
   * leading `/` (`SECURE_REDIRECT_EXEMPT`). Default `[]`.
   */
  readonly redirectExempt?: readonly RegExp[] | undefined
  /**
   * A header and value that mark a request as https when a proxy terminated TLS, e.g.
   * `['x-forwarded-proto', 'https']` (`SECURE_PROXY_SSL_HEADER`). Only the first
   * comma-separated value counts. Set it only behind a proxy that always sets or strips
   * the header. Default: only the request URL's scheme counts.
   */
  readonly proxySslHeader?: readonly [name: string, value: string] | undefined
}

function invalid(option: string, value: unknown, expected: string): never {
  throw new ImproperlyConfigured(
    `securityHeaders: ${option} must be ${expected}, got ${show(value)}.`,
  )
}

function referrerValue(
  option: SecurityHeadersOptions['referrerPolicy'],
): string | false {
  if (option === false) return false
  // Anything but a string or an array (a number, `true`) is refused below as empty.
  const list: readonly unknown[] =
    typeof option === 'string' ? option.split(',') : Array.isArray(option) ? option : []
  const tokens = list.map((token) => (typeof token === 'string' ? token.trim() : token))
  const expected = `one or more of ${[...REFERRER_POLICIES].join(', ')}, or false`
  if (tokens.length === 0) invalid('referrerPolicy', option, expected)
  for (const token of tokens) {
    if (typeof token !== 'string' || !REFERRER_POLICIES.has(token)) {
      invalid('referrerPolicy', option, expected)
    }
  }
  return tokens.join(',')
}

interface Settings {
  readonly hsts: string | false
  readonly nosniff: boolean
  readonly referrer: string | false
  readonly opener: string | false
  readonly frame: string | false
  readonly sslRedirect: boolean
  readonly sslHost: string | undefined
  readonly exempt: readonly RegExp[]
  readonly proxy: readonly [string, string] | undefined
}

const OPTIONS = [
  'hstsSeconds',
  'hstsIncludeSubdomains',
  'hstsPreload',
  'contentTypeNosniff',
  'referrerPolicy',
  'crossOriginOpenerPolicy',
  'frameOptions',
  'sslRedirect',
  'sslHost',
  'redirectExempt',
  'proxySslHeader',
] as const

const FLAGS = [
  'hstsIncludeSubdomains',
  'hstsPreload',
  'contentTypeNosniff',
  'sslRedirect',
] as const

/** Checks every option once, with a message naming the option and the bad value. */
function settingsOf(options: SecurityHeadersOptions): Settings {
  assertOptions(options, OPTIONS, 'securityHeaders()')
  for (const flag of FLAGS) {
    const value = options[flag]
    // `'false'` would otherwise count as true: refuse anything but a boolean.
    if (value !== undefined && typeof value !== 'boolean') {
      invalid(flag, value, 'true or false')
    }
  }
  const seconds = options.hstsSeconds ?? 0
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    invalid('hstsSeconds', seconds, 'a whole number of seconds, 0 or more')
  }
  let hsts: string | false = false
  if (seconds > 0) {
    hsts = `max-age=${seconds}`
    if (options.hstsIncludeSubdomains === true) hsts += '; includeSubDomains'
    if (options.hstsPreload === true) hsts += '; preload'
  }
  const opener = options.crossOriginOpenerPolicy ?? 'same-origin'
  if (opener !== false && !OPENER_POLICIES.has(opener)) {
    invalid(
      'crossOriginOpenerPolicy',
      opener,
      `one of ${[...OPENER_POLICIES].join(', ')}, or false`,
    )
  }
  const frameOption = options.frameOptions ?? 'DENY'
  const frame =
    typeof frameOption === 'string' ? frameOption.toUpperCase() : frameOption
  if (frame !== false && frame !== 'DENY' && frame !== 'SAMEORIGIN') {
    invalid('frameOptions', frameOption, '"DENY", "SAMEORIGIN" or false')
  }
  const sslHost = options.sslHost
  if (
    sslHost !== undefined &&
    (typeof sslHost !== 'string' ||
      !/^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i.test(sslHost))
  ) {
    invalid('sslHost', sslHost, 'a host name with an optional port, like "example.com"')
  }
  const exempt = options.redirectExempt ?? []
  if (!Array.isArray(exempt) || !exempt.every((pattern) => pattern instanceof RegExp)) {
    invalid('redirectExempt', exempt, 'an array of regular expressions')
  }
  const proxy = options.proxySslHeader
  if (
    proxy !== undefined &&
    (!Array.isArray(proxy) ||
      proxy.length !== 2 ||
      !proxy.every((part) => typeof part === 'string' && part !== ''))
  ) {
    invalid(
      'proxySslHeader',
      proxy,
      'a [header name, value] pair, like ["x-forwarded-proto", "https"]',
    )
  }
  return {
    hsts,
    nosniff: options.contentTypeNosniff ?? true,
    referrer: referrerValue(options.referrerPolicy ?? 'same-origin'),
    opener,
    frame,
    sslRedirect: options.sslRedirect ?? false,
    sslHost,
    exempt,
    proxy: proxy && [proxy[0].toLowerCase(), proxy[1]],
  }
}

/** Django's `request.is_secure()`: the URL's scheme, or the trusted proxy header. */
function isSecure(request: Request, proxy: Settings['proxy']): boolean {
  if (proxy !== undefined) {
    const value = request.headers.get(proxy[0])
    if (value !== null) return value.split(',', 1)[0]!.trim() === proxy[1]
  }
  // A request URL is absolute and its scheme lower-case: no need to parse it.
  return request.url.startsWith('https:')
}

/** Sets `name` unless the response already has it (Django's `setdefault`). */
function setDefault(response: Response, name: string, value: string): void {
  if (!response.headers.has(name)) response.headers.set(name, value)
}

/**
 * Security headers on every response, Django's `SecurityMiddleware` and
 * `XFrameOptionsMiddleware`: `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: same-origin`, `Cross-Origin-Opener-Policy: same-origin` and
 * `X-Frame-Options: DENY` by default; HSTS on https responses when `hstsSeconds` > 0;
 * and, with `sslRedirect`, a 301 from http to https. A header the response already
 * has is left as it is, and error responses get the headers too.
 *
 * @param options - See {@link SecurityHeadersOptions}; every option has Django's default.
 * @returns The middleware.
 * @throws ImproperlyConfigured when an option has a bad value (at build time), e.g.
 *   `securityHeaders: frameOptions must be "DENY", "SAMEORIGIN" or false, got "ALLOW".`,
 *   a switch is not a boolean, or an option is unknown (a misspelt name).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { securityHeaders } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [securityHeaders({ hstsSeconds: 3600, sslRedirect: true })],
 *   view: () => new Response('ok'),
 * })
 * const plain = await handler(new Request('http://example.com/login?next=/'))
 * console.log(plain.status, plain.headers.get('location')) // 301 https://example.com/login?next=/
 * const secure = await handler(new Request('https://example.com/'))
 * console.log(secure.headers.get('strict-transport-security')) // max-age=3600
 * console.log(secure.headers.get('x-frame-options')) // DENY
 * ```
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): Middleware {
  const settings = settingsOf(options)
  return function securityHeaders(getResponse) {
    return async (request) => {
      // Only HSTS and the redirect ask whether the request is secure.
      const secure =
        (settings.hsts !== false || settings.sslRedirect) &&
        isSecure(request, settings.proxy)
      // Like Django's process_response, the headers go on the redirect too.
      const inner =
        redirectToHttps(settings, request, secure) ?? (await getResponse(request))
      const response = mutableResponse(inner)
      if (settings.hsts !== false && secure) {
        setDefault(response, 'strict-transport-security', settings.hsts)
      }
      if (settings.nosniff) setDefault(response, 'x-content-type-options', 'nosniff')
      if (settings.referrer !== false) {
        setDefault(response, 'referrer-policy', settings.referrer)
      }
      if (settings.opener !== false) {
        setDefault(response, 'cross-origin-opener-policy', settings.opener)
      }
      if (settings.frame !== false && !isFrameExempt(inner)) {
        setDefault(response, 'x-frame-options', settings.frame)
      }
      return response
    }
  }
}

/** The 301 to https for an http request, unless its path is exempt. */
function redirectToHttps(
  settings: Settings,
  request: Request,
  secure: boolean,
): Response | undefined {
  if (!settings.sslRedirect || secure) return undefined
  const url = new URL(request.url)
  const path = url.pathname.replace(/^\/+/, '')
  if (settings.exempt.some((pattern) => matches(pattern, path))) return undefined
  const host = settings.sslHost ?? url.host
  const location = `https://${host}${url.pathname}${url.search}`
  return new Response(null, { status: 301, headers: { location } })
}

/** `pattern.search(path)`, without the `lastIndex` state a global regex carries. */
function matches(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0
  return pattern.test(path)
}
