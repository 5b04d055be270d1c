/**
 * The one format of an error answer's body, for the core's conversions and for the
 * answers an adapter makes itself (a malformed request, a body too large, a handler
 * that failed): `413 Content Too Large` as plain text, or, for a client whose `Accept`
 * prefers JSON, the same as an RFC 9457 problem (`application/problem+json`). Only
 * what is public goes in: an `HttpError`'s `detail` and `errors`, and in debug the
 * request line and the error.
 *
 * @module
 */
import type { FieldError } from '../errors.js'
import { prefersProblemJson } from './accept.js'
import { lazyResponse } from './lazy-response.js'
import { reasonPhrase } from './status.js'

/** The content type of a plain-text error body. */
export const ERROR_CONTENT_TYPE = 'text/plain; charset=utf-8'

/** The content type of an RFC 9457 problem. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** What an error body may show beside its status. */
export interface ErrorDetails {
  /** The client-safe explanation (`HttpError`'s `detail`). */
  readonly detail?: string | undefined
  /** Field errors (`HttpError`'s `errors`). */
  readonly errors?: readonly FieldError[] | undefined
  /** Debug only: `GET /path`. */
  readonly request?: string | undefined
  /** Debug only: the error's name, message and stack. */
  readonly error?: string | undefined
}

/** An error answer's body and its content type. */
export interface ErrorBody {
  readonly contentType: string
  readonly text: string
}

/** The reason phrase for messages: the registered one, else the status class's. */
export function errorReason(status: number): string {
  return reasonPhrase(status) ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

/**
 * The field errors as plain data, `{ path?, message }` each: whatever a caller put in
 * the list (a getter that throws, a Proxy), the body is still made; an item that
 * cannot be read is left out.
 */
function plainErrors(errors: unknown): FieldError[] {
  const items: FieldError[] = []
  try {
    if (!Array.isArray(errors)) return items
    for (const item of errors as unknown[]) {
      try {
        const { path, message } = item as { path?: unknown; message?: unknown }
        const segments = Array.isArray(path)
          ? (path as unknown[]).map((key) =>
              typeof key === 'number' ? key : String(key),
            )
          : undefined
        items.push({ ...(segments && { path: segments }), message: String(message) })
      } catch {}
    }
  } catch {}
  return items
}

/** `user.email: must be an email`: a field error as a line of text. */
const errorLine = ({ path, message }: FieldError): string =>
  path === undefined || path.length === 0
    ? `- ${message}`
    : `- ${path.join('.')}: ${message}`

/**
 * The body of an error answer with `status`, as the client's `Accept` header prefers:
 * `404 Not Found` and the details as text, or a problem with `type` `about:blank`,
 * `title` the reason phrase, `status`, and `detail`, `errors`, `request` and `error`
 * when given.
 */
export function errorBody(
  status: number,
  accept: string | null | undefined,
  details: ErrorDetails = {},
): ErrorBody {
  const title = errorReason(status)
  const { detail, request, error } = details
  const errors = plainErrors(details.errors)
  if (prefersProblemJson(accept)) {
    const problem = {
      type: 'about:blank',
      title,
      status,
      ...(detail !== undefined && { detail }),
      ...(errors.length > 0 && { errors }),
      ...(request !== undefined && { request }),
      ...(error !== undefined && { error }),
    }
    return { contentType: PROBLEM_CONTENT_TYPE, text: JSON.stringify(problem) }
  }
  const shown = [
    ...(detail === undefined ? [] : [detail]),
    ...errors.map(errorLine),
  ].join('\n')
  const sections = [`${status} ${title}`, shown, request, error].filter(Boolean)
  return { contentType: ERROR_CONTENT_TYPE, text: `${sections.join('\n\n')}\n` }
}

/**
 * A response with `text` and `status`, made the way the response helpers make theirs:
 * an adapter that sends the string itself skips the body stream, which is most of what
 * a small `new Response(body)` costs.
 */
export function errorPage(
  text: string,
  status: number,
  contentType = ERROR_CONTENT_TYPE,
): Response {
  return lazyResponse(text, { status, headers: { 'content-type': contentType } })
}

/** The error answer for `status`, in the format `accept` prefers, with `details`. */
export function errorResponse(
  status: number,
  accept?: string | null,
  details?: ErrorDetails,
): Response {
  const { contentType, text } = errorBody(status, accept, details)
  return errorPage(text, status, contentType)
}
