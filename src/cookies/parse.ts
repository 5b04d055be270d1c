/**
 * Reading cookies: `getCookie` and `getCookies` read the request's `Cookie` header
 * (RFC 6265 §4.2, §5.4); `setCookie` reads a response's `Set-Cookie` lines to replace
 * an earlier one.
 * Lenient, as a server must be with what browsers send: values are not checked,
 * pairs without a name are skipped.
 *
 * @module
 */

/** One `name=value` pair, trimmed of spaces and tabs (OWS), or `undefined`. */
function pair(text: string): [string, string] | undefined {
  const eq = text.indexOf('=')
  if (eq < 0) return undefined
  const name = text.slice(0, eq).trim()
  if (name === '') return undefined
  let value = text.slice(eq + 1).trim()
  // RFC 6265's cookie-value may be wrapped in DQUOTEs, which are not part of the value.
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1)
  }
  return [name, value]
}

/**
 * The cookies of a `Cookie` header, by name. The first of several with one name wins:
 * browsers send the one with the longest path first (RFC 6265 §5.4 step 2).
 */
export function parseCookieHeader(header: string | null): Record<string, string> {
  // No prototype: a cookie named `__proto__` or `constructor` is a cookie like any other.
  const cookies = Object.create(null) as Record<string, string>
  if (header === null) return cookies
  for (const part of header.split(';')) {
    const found = pair(part)
    if (found !== undefined && !(found[0] in cookies)) cookies[found[0]] = found[1]
  }
  return cookies
}

/** A `Set-Cookie` line: its name, value and attributes (names in lower case). */
export interface SetCookieLine {
  readonly name: string
  readonly value: string
  /** Each attribute by lower-case name: its value, `''` for a flag (`HttpOnly`). */
  readonly attributes: ReadonlyMap<string, string>
}

/** Reads a `Set-Cookie` line (RFC 6265 §5.2), or `undefined` when it has no name. */
export function parseSetCookie(line: string): SetCookieLine | undefined {
  const [first = '', ...rest] = line.split(';')
  const found = pair(first)
  if (found === undefined) return undefined
  const attributes = new Map<string, string>()
  for (const attribute of rest) {
    const eq = attribute.indexOf('=')
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase()
    attributes.set(key, eq < 0 ? '' : attribute.slice(eq + 1).trim())
  }
  return { name: found[0], value: found[1], attributes }
}

/**
 * The value of the request's cookie `name`, or `undefined` when it sent none. With
 * several of one name, the first (browsers send the one with the longest path first).
 *
 * @example
 * ```ts
 * import { getCookie } from 'shallot/cookies'
 *
 * const request = new Request('https://example.com/', {
 *   headers: { cookie: 'theme=dark; lang=fr' },
 * })
 * console.log(getCookie(request, 'theme'), getCookie(request, 'size')) // dark undefined
 * ```
 */
export function getCookie(request: Request, name: string): string | undefined {
  return getCookies(request)[name]
}

/**
 * Every cookie the request sent, by name (an object without prototype, so any name is
 * safe to look up). Surrounding double quotes are taken off a value; pairs without a
 * name or `=` are skipped.
 *
 * @example
 * ```ts
 * import { getCookies } from 'shallot/cookies'
 *
 * const request = new Request('https://example.com/', {
 *   headers: { cookie: 'theme=dark; lang="fr"' },
 * })
 * console.log({ ...getCookies(request) }) // { theme: 'dark', lang: 'fr' }
 * ```
 */
export function getCookies(request: Request): Record<string, string> {
  return parseCookieHeader(request.headers.get('cookie'))
}
