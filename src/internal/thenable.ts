/**
 * Whether a value is awaited as a promise: anything with a callable `then` (a promise
 * of another realm or library included), as `await` itself decides.
 *
 * @module
 */

/** `true` for a value with a callable `then`. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
}
