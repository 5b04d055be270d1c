/**
 * Header edits shared by `cors` and `conditionalGet`: editing a response whose headers
 * may be immutable, and Django's `patch_vary_headers`.
 *
 * @module
 */
import { mutableResponse } from './mutable-response.js'

/**
 * Applies `edit` to the response's headers, or, when they are immutable (a response
 * from `fetch()` or `Response.redirect()`), to a copy that takes over the same body
 * stream (`mutableResponse`), so nothing is read or buffered.
 */
export function editHeaders(
  response: Response,
  edit: (headers: Headers) => void,
): Response {
  const target = mutableResponse(response)
  edit(target.headers)
  return target
}

/**
 * Adds `names` to the `Vary` header unless they (or `*`) are already listed, keeping
 * what is there (Django's `patch_vary_headers`, case-insensitive).
 */
export function patchVary(headers: Headers, ...names: readonly string[]): void {
  const current = (headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const lower = new Set(current.map((name) => name.toLowerCase()))
  if (lower.has('*')) return
  const added = names.filter((name) => !lower.has(name.toLowerCase()))
  if (added.length > 0) headers.set('vary', [...current, ...added].join(', '))
}
