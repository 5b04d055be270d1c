/**
 * The HTTP token grammar (RFC 9110 §5.6.2): the names of methods, header fields and
 * `Server-Timing` metrics.
 *
 * @module
 */

/** One or more `tchar`: letters, digits and ``!#$%&'*+-.^_`|~``. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Whether `value` is a string that is an HTTP token. */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value)
}
