/**
 * Serialized origins (the HTML standard's "ASCII serialization of an origin"), as
 * browsers send them in `Origin`: the form `cors` and `csrf` take their lists of
 * origins in.
 *
 * @module
 */

/**
 * Whether `value` is an origin exactly as a browser sends it in `Origin`: scheme, host
 * and port, lower case, no path or trailing slash (`new URL(x).origin === x`). The
 * opaque origin `null` is not one: unrelated documents all send it.
 */
export function isSerializedOrigin(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    const { origin } = new URL(value)
    return origin !== 'null' && origin === value
  } catch {
    return false
  }
}
