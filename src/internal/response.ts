/**
 * What counts as a `Response`: the one test the core and every adapter use.
 *
 * @module
 */

/**
 * Whether `value` is a Fetch `Response` from any realm. One of this realm's passes
 * `instanceof Response`; one made by another copy of the Fetch classes (a bundled
 * undici, another realm) fails that test but is still branded: undici's and workerd's
 * carry `Symbol.toStringTag` `Response`. A plain object with a `status` and
 * `headers.get` is not a response: what reads it next (a server, an adapter) needs a
 * real one. Never throws: a Proxy whose getPrototypeOf trap throws, or an object whose
 * `Symbol.toStringTag` getter throws, is not a response.
 */
export function isResponse(value: unknown): value is Response {
  try {
    return (
      value instanceof Response ||
      Object.prototype.toString.call(value) === '[object Response]'
    )
  } catch {
    return false
  }
}
