/**
 * Request id: the caller's `X-Request-Id` when it looks like an id, a fresh UUID
 * otherwise. Inner layers and views read it as `request.requestId`; the response
 * echoes it, whatever status it has.
 *
 * @module
 */
import { provide, type Middleware } from 'shallot'

/**
 * What an incoming id may look like. It ends up in logs, headers and HTML, so anything
 * longer or stranger is replaced rather than trusted.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Outermost in the demo, so even a response made from an error carries the id. */
export const requestId: Middleware<{}, { requestId: string }> =
  (getResponse) => async (request) => {
    const incoming = request.headers.get('x-request-id')
    const id =
      incoming !== null && ACCEPTED_ID.test(incoming) ? incoming : crypto.randomUUID()
    const response = await getResponse(provide(request, { requestId: id }))
    response.headers.set('x-request-id', id)
    return response
  }
