/**
 * Writing cookies: `setCookie` and `deleteCookie`, the checks a `Set-Cookie` line must
 * pass before it is sent (RFC 6265 §4.1, the prefixes and `Partitioned` of its
 * successor draft), the line itself, and adding it to a response.
 *
 * @module
 */
import { show } from '../internal/describe.js'
import { editHeaders } from '../internal/header-edits.js'
import { isToken } from '../internal/http-token.js'
import { parseSetCookie } from './parse.js'

/**
 * The attributes of a cookie `setCookie` sends. The defaults are the safe ones: the
 * cookie is sent for the whole site (`Path=/`), not to scripts (`HttpOnly`) and not
 * with cross-site requests but top-level navigations (`SameSite=Lax`).
 */
export interface CookieOptions {
  /** Seconds until the cookie expires (`Max-Age`): an integer, 0 or more. */
  readonly maxAge?: number
  /** When the cookie expires (`Expires`), for clients that ignore `Max-Age`. */
  readonly expires?: Date
  /**
   * The host and its subdomains the cookie is sent to (`Domain`), e.g.
   * `example.com`. Without it, only the host that set it gets it back.
   */
  readonly domain?: string
  /** The paths the cookie is sent for (`Path`), starting with `/`. Default `/`. */
  readonly path?: string
  /**
   * Only over https (`Secure`). Default `true` for a name starting with `__Secure-` or
   * `__Host-` and with `sameSite: 'None'` or `partitioned`, which browsers refuse
   * without it; `false` otherwise (pass `secure: true` when the site is served over
   * https).
   */
  readonly secure?: boolean
  /** Hidden from scripts (`HttpOnly`). Default `true`. */
  readonly httpOnly?: boolean
  /**
   * Whether cross-site requests carry the cookie (`SameSite`): `'Strict'` never,
   * `'Lax'` top-level navigations only (default), `'None'` always (needs `Secure`).
   */
  readonly sameSite?: 'Strict' | 'Lax' | 'None'
  /**
   * Kept per top-level site (`Partitioned`, CHIPS), for a cookie set in a third-party
   * frame. Needs `Secure`. Default `false`.
   */
  readonly partitioned?: boolean
}

/** The options `deleteCookie` takes: those that identify the cookie to delete. */
export type DeleteCookieOptions = Omit<CookieOptions, 'maxAge' | 'expires'>

const OPTIONS = [
  'maxAge',
  'expires',
  'domain',
  'path',
  'secure',
  'httpOnly',
  'sameSite',
  'partitioned',
]

/** RFC 6265's cookie-octet: printable ASCII less space, `"`, `,`, `;` and `\`. */
const COOKIE_OCTET = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]$/
/** A host name or IPv4 address, with the leading dot older servers write. */
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/
/** A path: `/`, then printable ASCII and space, less `;` (RFC 6265's path-value). */
const PATH = /^\/[\x20-\x3A\x3C-\x7E]*$/

/** A character as a message names it: `";"`, or `U+000A` for one that does not print. */
function character(char: string): string {
  const code = char.codePointAt(0)!
  return code > 0x20 && code < 0x7f
    ? JSON.stringify(char)
    : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Throws a `TypeError` unless `name` can be a cookie's name: an HTTP token (RFC 9110
 * §5.6.2), as RFC 6265 §4.1.1 requires.
 */
export function assertCookieName(name: unknown, who: string): asserts name is string {
  if (!isToken(name)) {
    throw new TypeError(
      `${who} cookie name must be a token (letters, digits and !#$%&'*+-.^_\`|~), got ${show(name)}.`,
    )
  }
}

/** Throws a `TypeError` naming the cookie and the first character a value can't hold. */
export function assertCookieValue(name: string, value: unknown, who: string): void {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${who} cookie ${name}: the value must be a string, got ${show(value)}.`,
    )
  }
  for (const char of value) {
    if (!COOKIE_OCTET.test(char)) {
      throw new TypeError(
        `${who} cookie ${name}: the value cannot hold ${character(char)}; a cookie value is printable ASCII without space, '"', ',', ';' and '\\'. Encode it first (encodeURIComponent, base64url).`,
      )
    }
  }
}

const isBoolean = (value: unknown): value is boolean | undefined =>
  value === undefined || typeof value === 'boolean'

/**
 * The `Set-Cookie` line for `name=value` with `options`, after checking each of them.
 * `expiry` (for `deleteCookie`) sets `maxAge` and `expires`, which `options` then may
 * not name.
 *
 * @throws TypeError naming the cookie and what is wrong.
 */
export function serializeCookie(
  name: string,
  value: string,
  options: CookieOptions | undefined,
  who: string,
  expiry?: { readonly maxAge: number; readonly expires: Date },
): string {
  assertCookieName(name, who)
  assertCookieValue(name, value, who)
  const fail = (problem: string): never => {
    throw new TypeError(`${who} cookie ${name}: ${problem}`)
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    fail(`the options must be an object, got ${show(options)}.`)
  }
  const known = expiry === undefined ? OPTIONS : OPTIONS.slice(2)
  for (const key of Object.keys(options ?? {})) {
    if (!known.includes(key)) {
      fail(`there is no option ${key}; the options are ${known.join(', ')}.`)
    }
  }
  const {
    maxAge,
    expires,
    domain,
    path = '/',
    httpOnly = true,
    sameSite = 'Lax',
    partitioned = false,
  } = { ...options, ...expiry }
  const lower = name.toLowerCase()
  // Browsers match the prefixes case-insensitively (RFC 6265bis §4.1.3).
  const prefix = lower.startsWith('__host-')
    ? '__Host-'
    : lower.startsWith('__secure-')
      ? '__Secure-'
      : undefined
  const needsSecure =
    prefix !== undefined
      ? `a name starting with ${prefix}`
      : sameSite === 'None'
        ? "sameSite: 'None'"
        : partitioned === true
          ? 'partitioned'
          : undefined
  const { secure = needsSecure !== undefined } = options ?? {}

  if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) {
    fail(`maxAge must be a whole number of seconds, 0 or more, got ${show(maxAge)}.`)
  }
  if (
    expires !== undefined &&
    !(expires instanceof Date && !Number.isNaN(expires.getTime()))
  ) {
    fail(`expires must be a valid Date, got ${show(expires)}.`)
  }
  if (domain !== undefined && !(typeof domain === 'string' && DOMAIN.test(domain))) {
    fail(`domain must be a host name such as example.com, got ${show(domain)}.`)
  }
  if (!(typeof path === 'string' && PATH.test(path))) {
    fail(`path must start with / and hold printable ASCII but ';', got ${show(path)}.`)
  }
  if (!['Strict', 'Lax', 'None'].includes(sameSite)) {
    fail(`sameSite must be 'Strict', 'Lax' or 'None', got ${show(sameSite, "'")}.`)
  }
  for (const [option, flag] of [
    ['secure', secure],
    ['httpOnly', httpOnly],
    ['partitioned', partitioned],
  ] as const) {
    if (!isBoolean(flag)) fail(`${option} must be true or false, got ${show(flag)}.`)
  }
  if (needsSecure !== undefined && !secure) {
    fail(`${needsSecure} needs secure: true; browsers refuse it without Secure.`)
  }
  if (prefix === '__Host-' && domain !== undefined) {
    fail(
      'a name starting with __Host- must have no domain: the cookie stays on its host.',
    )
  }
  if (prefix === '__Host-' && path !== '/') {
    fail(`a name starting with __Host- needs path '/', got ${show(path, "'")}.`)
  }

  let line = `${name}=${value}`
  if (maxAge !== undefined) line += `; Max-Age=${maxAge}`
  if (domain !== undefined) line += `; Domain=${domain}`
  line += `; Path=${path}`
  if (expires !== undefined) line += `; Expires=${expires.toUTCString()}`
  if (httpOnly) line += '; HttpOnly'
  if (secure) line += '; Secure'
  line += `; SameSite=${sameSite}`
  if (partitioned) line += '; Partitioned'
  return line
}

/** A cookie's identity (RFC 6265 §5.3 step 11): name, domain and path. */
function identity(line: string): string | undefined {
  const cookie = parseSetCookie(line)
  if (cookie === undefined) return undefined
  const domain = (cookie.attributes.get('domain') ?? '')
    .replace(/^\./, '')
    .toLowerCase()
  return `${cookie.name}\n${domain}\n${cookie.attributes.get('path') ?? ''}`
}

/**
 * Adds `line` to the response's `Set-Cookie` headers, each kept whole (`append`, never
 * joined), in place of an earlier one for the same cookie (Django keeps one per
 * name). Immutable headers are edited on a copy that shares the body.
 */
export function appendSetCookie(response: Response, line: string): Response {
  return editHeaders(response, (headers) => {
    const earlier = headers.getSetCookie()
    const same = identity(line)
    const kept = earlier.filter((other) => identity(other) !== same)
    if (kept.length !== earlier.length) {
      headers.delete('set-cookie')
      for (const other of kept) headers.append('set-cookie', other)
    }
    headers.append('set-cookie', line)
  })
}

/**
 * Adds a `Set-Cookie` header for `name=value` to the response, and returns the
 * response to send: the same one, or, when its headers are immutable (from `fetch()` or
 * `Response.redirect()`), a copy sharing its body. An earlier `Set-Cookie` for the
 * same cookie (name, domain and path) is replaced; others are kept, each its own header.
 *
 * Defaults: `Path=/`, `HttpOnly`, `SameSite=Lax`; `Secure` where browsers demand it
 * (`__Secure-` and `__Host-` names, `SameSite=None`, `Partitioned`).
 *
 * @param options - The cookie's attributes, each checked: see {@link CookieOptions}.
 * @throws TypeError when the name is not an HTTP token, the value holds a character a
 *   cookie cannot (the message names the cookie and the character), or an option is
 *   invalid or breaks a prefix's rule. A `TypeError`, not `ImproperlyConfigured`: this
 *   is a bad argument to a call made while answering a request, as the core's other
 *   per-call checks report, where `ImproperlyConfigured` is for a stack that cannot be
 *   built. In a view or a layer, it becomes a 500 like any other error.
 *
 * @example
 * ```ts
 * import { setCookie } from 'shallot/cookies'
 *
 * let response = new Response('ok')
 * response = setCookie(response, 'theme', 'dark', { maxAge: 3600 })
 * response = setCookie(response, '__Host-id', 'abc123', { sameSite: 'Strict' })
 * console.log(response.headers.getSetCookie())
 * // [ 'theme=dark; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax', '__Host-id=abc123; Path=/; HttpOnly; Secure; SameSite=Strict' ]
 * try {
 *   setCookie(response, 'name', 'Zoë Smith')
 * } catch (error) {
 *   console.log(String(error))
 *   // TypeError: setCookie() cookie name: the value cannot hold U+00EB; a cookie value is printable ASCII without space, '"', ',', ';' and '\'. Encode it first (encodeURIComponent, base64url).
 * }
 * ```
 */
export function setCookie(
  response: Response,
  name: string,
  value: string,
  options?: CookieOptions,
): Response {
  return appendSetCookie(response, serializeCookie(name, value, options, 'setCookie()'))
}

/**
 * Tells the browser to delete the cookie `name`: a `Set-Cookie` with an empty value,
 * `Max-Age=0` and an `Expires` in 1970 (Django's `delete_cookie`). Pass the `path` and
 * `domain` it was set with, or the browser keeps it. Returns the response to send, as
 * {@link setCookie} does.
 *
 * @throws TypeError as {@link setCookie} does.
 *
 * @example
 * ```ts
 * import { deleteCookie } from 'shallot/cookies'
 *
 * const response = deleteCookie(new Response(null, { status: 204 }), 'theme')
 * console.log(response.headers.get('set-cookie'))
 * // theme=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax
 * ```
 */
export function deleteCookie(
  response: Response,
  name: string,
  options?: DeleteCookieOptions,
): Response {
  const line = serializeCookie(name, '', options, 'deleteCookie()', {
    maxAge: 0,
    expires: new Date(0),
  })
  return appendSetCookie(response, line)
}
