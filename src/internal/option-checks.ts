/**
 * Build-time checks of the built-in middleware's options (unknown names in every one;
 * tokens and functions in `requestId`, `serverTiming`, `timed` and `timingReport`),
 * with messages that name the option and the bad value.
 *
 * @module
 */
import { ImproperlyConfigured } from '../errors.js'
import { show } from './describe.js'
import { isToken } from './http-token.js'

/** Throws unless `value` is an HTTP token (RFC 9110 §5.6.2), for names in headers. */
export function assertToken(value: unknown, what: string): asserts value is string {
  if (!isToken(value)) {
    throw new ImproperlyConfigured(
      `${what} must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~), got ${show(value)}.`,
    )
  }
}

/** Throws unless `value` is a function. */
export function assertFunction(value: unknown, what: string): void {
  if (typeof value !== 'function') {
    throw new ImproperlyConfigured(`${what} must be a function, got ${show(value)}.`)
  }
}

/**
 * Throws unless `options` is `undefined` or an object with only `known` keys: a typo
 * in an option name would otherwise be ignored silently.
 */
export function assertOptions(
  options: unknown,
  known: readonly string[],
  who: string,
): asserts options is object | undefined {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null) {
    throw new ImproperlyConfigured(
      `${who} takes an options object, got ${show(options)}.`,
    )
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ImproperlyConfigured(
        `${who} has no option ${key}; its options are ${known.join(', ')}.`,
      )
    }
  }
}
