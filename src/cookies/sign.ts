/**
 * Signed cookies, `getSignedCookie` and `setSignedCookie`: the cookie holds
 * `value.signature`, the signature an HMAC-SHA256 (Web Crypto, so every runtime has it)
 * of `name=value` in base64url. Signing the name too keeps a value signed for one
 * cookie from being accepted as another's.
 *
 * @module
 */
import { getCookie } from './parse.js'
import {
  appendSetCookie,
  assertCookieName,
  assertCookieValue,
  serializeCookie,
  type CookieOptions,
} from './serialize.js'

const encoder = new TextEncoder()

/** The secrets a signed cookie is checked against, as a list; `TypeError` if none. */
export function secretList(secrets: unknown, who: string): readonly string[] {
  const list: unknown[] =
    typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : []
  if (
    list.length === 0 ||
    !list.every((secret) => typeof secret === 'string' && secret !== '')
  ) {
    throw new TypeError(
      `${who} needs a secret or a list of secrets (the first signs, all verify), each a non-empty string.`,
    )
  }
  return list as string[]
}

/** base64url without padding (RFC 4648 §5): only cookie-octets. */
function base64url(bytes: ArrayBuffer): string {
  let binary = ''
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The signature of `name=value` under `secret`. */
export async function signature(
  name: string,
  value: string,
  secret: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return base64url(
    await crypto.subtle.sign('HMAC', key, encoder.encode(`${name}=${value}`)),
  )
}

/**
 * Whether `a` and `b` are equal, taking the same time wherever they differ, so that the
 * time an answer takes tells an attacker nothing about a forged signature's bytes. The
 * length is not secret: every signature has 43 characters.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

/**
 * The value of a signed cookie whose signature one of `secrets` made, or `undefined`
 * for one that is tampered with, truncated or signed with another key.
 */
export async function unsign(
  name: string,
  signed: string,
  secrets: readonly string[],
): Promise<string | undefined> {
  const dot = signed.lastIndexOf('.')
  if (dot < 0) return undefined
  const value = signed.slice(0, dot)
  const given = signed.slice(dot + 1)
  for (const secret of secrets) {
    if (constantTimeEqual(await signature(name, value, secret), given)) return value
  }
  return undefined
}

/**
 * The value of the request's signed cookie `name` if one of `secrets` signed it, else
 * `undefined`: a cookie that is missing, tampered with, truncated or signed with
 * another key is treated as absent, never an error. Signatures are compared in
 * constant time.
 *
 * To rotate the secret (Django's `SECRET_KEY_FALLBACKS`), put the new one first and
 * keep the old ones after it until their cookies expire: cookies signed with any of
 * them verify, and {@link setSignedCookie} signs with the first.
 *
 * @param secrets - The secrets that may have signed it, newest first (or one secret).
 * @throws TypeError when `secrets` is empty or holds something other than non-empty
 *   strings (a setup mistake, never the cookie's fault).
 *
 * @example
 * ```ts
 * import { getSignedCookie, setSignedCookie } from 'shallot/cookies'
 *
 * const secrets = ['new secret', 'old secret']
 * const old = await setSignedCookie(new Response(), 'cart', '42', 'old secret')
 * const sent = old.headers.get('set-cookie')!.split(';')[0]! // cart=42.<signature>
 * const request = new Request('https://example.com/', { headers: { cookie: sent } })
 * console.log(await getSignedCookie(request, 'cart', secrets)) // 42
 *
 * const forged = new Request('https://example.com/', {
 *   headers: { cookie: sent.replace('42.', '43.') },
 * })
 * console.log(await getSignedCookie(forged, 'cart', secrets)) // undefined
 * ```
 */
export async function getSignedCookie(
  request: Request,
  name: string,
  secrets: string | readonly string[],
): Promise<string | undefined> {
  const list = secretList(secrets, 'getSignedCookie()')
  const signed = getCookie(request, name)
  return signed === undefined ? undefined : unsign(name, signed, list)
}

/**
 * {@link setCookie} with the value signed: the cookie holds `value.signature`, an
 * HMAC-SHA256 of its name and value under `secret` (the first, given a list), which
 * {@link getSignedCookie} checks. The value is readable by anyone who sees the cookie:
 * signing stops changes, not reading.
 *
 * @param secret - The secret to sign with, or the list `getSignedCookie` takes, whose
 *   first secret signs.
 * @throws TypeError as {@link setCookie} does, or when there is no secret.
 *
 * @example
 * ```ts
 * import { setSignedCookie } from 'shallot/cookies'
 *
 * const response = await setSignedCookie(new Response('ok'), 'cart', '42', [
 *   'new secret',
 *   'old secret',
 * ])
 * console.log(response.headers.get('set-cookie')!.startsWith('cart=42.')) // true
 * ```
 */
export async function setSignedCookie(
  response: Response,
  name: string,
  value: string,
  secret: string | readonly string[],
  options?: CookieOptions,
): Promise<Response> {
  const [first] = secretList(secret, 'setSignedCookie()')
  // Checked before signing, so the message is about the value, not value.signature.
  assertCookieName(name, 'setSignedCookie()')
  assertCookieValue(name, value, 'setSignedCookie()')
  const signed = `${value}.${await signature(name, value, first!)}`
  return appendSetCookie(
    response,
    serializeCookie(name, signed, options, 'setSignedCookie()'),
  )
}
