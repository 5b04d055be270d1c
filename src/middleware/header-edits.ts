/**
 * Header edits shared by `cors` and `conditionalGet`: editing a response whose headers
 * may be immutable, and Django's `patch_vary_headers`.
 *
 * @module
 */

/**
 * Applies `edit` to the response's headers, or, when they are immutable (a response
 * from `fetch()` or `Response.redirect()`), to a copy made with `new Response(body,
 * response)`: the copy takes over the same body stream, so nothing is read or buffered.
 */
export function editHeaders(
  response: Response,
  edit: (headers: Headers) => void,
): Response {
  try {
    edit(response.headers)
    return response
  } catch (error) {
    // Immutable headers throw a TypeError on the first change, so nothing was applied.
    if (!(error instanceof TypeError)) throw error
    const copy = new Response(response.body, response)
    edit(copy.headers)
    return copy
  }
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
