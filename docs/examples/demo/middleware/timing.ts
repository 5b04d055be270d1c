/**
 * Timing: how long the layers inside took, as a `Server-Timing` entry that browser
 * dev tools show next to the request.
 *
 * @module
 */
import type { Middleware } from 'shallot'

/**
 * Adds `Server-Timing: app;dur=<milliseconds>`. The clock stops when the inner layers
 * hand back the response, i.e. before a streamed body is sent.
 */
export const timing: Middleware = (getResponse) => async (request) => {
  const start = performance.now()
  const response = await getResponse(request)
  const elapsed = performance.now() - start
  // append, not set: an inner layer may have added entries of its own.
  response.headers.append('server-timing', `app;dur=${elapsed.toFixed(1)}`)
  return response
}
