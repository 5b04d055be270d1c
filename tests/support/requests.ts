/**
 * Requests for the suites: the scenarios' `GET /view/ (Accept-Encoding: gzip)`.
 */

/** A request to `path` on a fixed origin, as the scenarios send it. */
export function request(path = '/view/', init: RequestInit = {}): Request {
  const headers = new Headers(init.headers)
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip')
  return new Request(`http://testserver${path}`, { ...init, headers })
}
