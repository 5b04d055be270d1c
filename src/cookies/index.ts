/**
 * Cookies on Web `Request`/`Response`: reading the `Cookie` header, writing checked
 * `Set-Cookie` headers, and values signed with HMAC-SHA256 (Web Crypto) under secrets
 * that can be rotated. Runs on every runtime.
 *
 * Values are sent and read as they are: a value with characters a cookie cannot hold
 * is refused, not encoded, so what `getCookie` reads is what `setCookie` wrote.
 *
 * @module shallot/cookies
 */
export { getCookie, getCookies } from './parse.js'
export {
  deleteCookie,
  setCookie,
  type CookieOptions,
  type DeleteCookieOptions,
} from './serialize.js'
export { getSignedCookie, setSignedCookie } from './sign.js'
