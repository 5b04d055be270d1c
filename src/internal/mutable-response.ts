/**
 * Setting headers on a response whose headers may be immutable.
 *
 * @module
 */
import { carryFrameExemption } from './frame-exempt.js'

/**
 * `response` if its headers can be changed, else a copy that shares its body (not
 * read). `Response.redirect()`, `Response.error()` and `fetch()` answers have
 * immutable headers, and `headers.set` on them throws `TypeError: immutable`; trying
 * a no-op write is the only portable way to tell.
 */
export function mutableResponse(response: Response): Response {
  try {
    // Deleting a header that is not there changes nothing, but still throws when immutable.
    response.headers.delete('x-shallot-mutable-probe')
    return response
  } catch {
    return carryFrameExemption(response, new Response(response.body, response))
  }
}
