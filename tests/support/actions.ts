/**
 * What a configurable hook, layer or view does instead of its default: return a
 * value (made fresh on every call, since a `Response` body can be read once) or
 * throw one.
 */

export type Action =
  | { readonly kind: 'returns'; readonly value: () => unknown }
  | { readonly kind: 'throws'; readonly error: () => unknown }

/** Return whatever `make()` gives, on every call. */
export const returns = (make: () => unknown): Action => ({
  kind: 'returns',
  value: make,
})

/** Return `new Response(body, { status })`, a fresh one on every call. */
export const respond = (body: string, status = 200): Action =>
  returns(() => new Response(body, { status }))

/** Return `undefined` (a hook that "returns None"). */
export const returnsUndefined: Action = returns(() => undefined)

/** Throw `error` (the same value on every call). */
export const raises = (error: unknown): Action => ({
  kind: 'throws',
  error: () => error,
})

/** Runs an action: returns its value or throws its error. */
export function perform(action: Action): unknown {
  if (action.kind === 'throws') throw action.error()
  return action.value()
}

/**
 * The type name the call log shows for a thrown value: the constructor name of an
 * object (`Error`, `NotFound`), `null`, or `typeof` for anything else.
 */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor
      ?.name
    return typeof name === 'string' && name !== '' ? name : 'object'
  }
  return typeof value
}

/** The status a `processResponse` log entry shows: `[200]`, or `[undefined]`. */
export function statusOf(response: unknown): string {
  const status: unknown = (response as { status?: unknown } | null | undefined)?.status
  return typeof status === 'number' ? String(status) : String(response)
}
