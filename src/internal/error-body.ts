/**
 * The one format of an error answer's body, for the core's conversions and for the
 * answers an adapter makes itself (a malformed request, a body too large, a handler
 * that failed): `413 Content Too Large`, as plain text, and nothing else.
 *
 * @module
 */
import { LazyResponse } from './lazy-response.js'
import { reasonPhrase } from './status.js'

/** The content type of every error body. */
export const ERROR_CONTENT_TYPE = 'text/plain; charset=utf-8'

/** The reason phrase for messages: the registered one, else the status class's. */
export function errorReason(status: number): string {
  return reasonPhrase(status) ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

/** `404 Not Found` and a newline: an error body without any detail. */
export function errorBodyText(status: number): string {
  return `${status} ${errorReason(status)}\n`
}

/**
 * A plain-text response with `body` and `status`, made the way the response helpers
 * make theirs: an adapter that sends the string itself skips the body stream, which is
 * most of what a small `new Response(body)` costs.
 */
export function errorPage(body: string, status: number): Response {
  return new LazyResponse(body, {
    status,
    headers: { 'content-type': ERROR_CONTENT_TYPE },
  })
}

/** A plain-text response with the production error body for `status`. */
export function errorResponse(status: number): Response {
  return errorPage(errorBodyText(status), status)
}
