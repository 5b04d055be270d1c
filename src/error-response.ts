/**
 * Django's `response_for_exception`: the response an exception becomes at a layer
 * boundary, and the log line it leaves.
 *
 * @module
 */
import { HttpError } from './errors.js'
import type { Logger } from './logger.js'
import { NotAResponse } from './response-like.js'

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/**
 * Responses made from an exception, already logged when made, so that the top of the
 * stack does not log them again. Only responses made here enter it: a response a view
 * returns (even the same object every time) is logged on every request.
 */
const converted = new WeakSet<Response>()

/**
 * What `responseForError` needs: whether to show error details (`debug`), and where
 * the log line goes (`logger`, called at warn and error level only).
 */
export interface ErrorContext {
  /** Put the error's message and stack in the response body. */
  readonly debug: boolean
  /** Receives one line per converted error: `warn` for 4xx, `error` for 5xx. */
  readonly logger: Logger
}

/** The reason phrase of a status, for bodies and log lines. */
function reasonFor(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

/** The status an error becomes: its own for an `HttpError`, 500 for anything else. */
export function statusFor(error: unknown): number {
  return error instanceof HttpError ? error.status : 500
}

/** `GET /path`, for log lines; never throws, whatever the request is. */
function requestLine(request: unknown): string {
  try {
    const { method, url } = request as Request
    return `${method} ${new URL(url).pathname}`
  } catch {
    return 'request'
  }
}

/** The error's name, message and stack as text, for debug pages only. */
function errorText(error: unknown): string {
  if (error instanceof Error) {
    const head = `${error.name}: ${error.message}`
    return error.stack?.includes(error.message)
      ? error.stack
      : `${head}\n${error.stack ?? ''}`
  }
  try {
    return `Thrown: ${String(error)}`
  } catch {
    return 'Thrown: an unprintable value'
  }
}

/**
 * Converts an exception into a response, exactly as every boundary of a stack does
 * (Django's `response_for_exception`): `NotFound` 404, `PermissionDenied` 403,
 * `BadRequest` and `SuspiciousOperation` 400, another `HttpError` its status,
 * anything else 500. In production (`debug` off) the body is the status and reason
 * phrase and nothing else; in debug it adds the request line, the error and its stack.
 * Logs a 5xx at error level (with the error) and a 4xx at warn level, with the request
 * line. For runners and adapters that must answer the way a stack would.
 *
 * @param error - Anything thrown.
 * @param request - The request being answered (named in the log line).
 * @param context - `debug` and `logger`.
 * @param status - The status to answer with instead of the error's own: an old-style
 *   stack answers 500 for any error after the view (O15). Default: the error's.
 * @returns A `text/plain` response; never throws.
 *
 * @example
 * ```ts
 * import { NotFound, responseForError } from 'shallot'
 *
 * const logger = { debug() {}, info() {}, warn() {}, error() {} }
 * const request = new Request('http://localhost/missing')
 * const response = responseForError(new NotFound('no such page'), request, {
 *   debug: false,
 *   logger,
 * })
 * console.log(response.status, await response.text()) // 404 404 Not Found
 * ```
 */
export function responseForError(
  error: unknown,
  request: unknown,
  context: ErrorContext,
  status = statusFor(error),
): Response {
  const reason = reasonFor(status)
  const line = `${reason}: ${requestLine(request)}`
  // The "didn't return" wording is the whole diagnosis, so it goes into the line itself.
  if (error instanceof NotAResponse)
    context.logger.error(`${line}: ${error.message}`, error)
  else if (status >= 500) context.logger.error(line, error)
  // A 4xx is the client's doing: one line, no stack (Django's "Not Found: /path").
  else context.logger.warn(line)
  const body = context.debug
    ? `${status} ${reason}\n\n${requestLine(request)}\n\n${errorText(error)}\n`
    : `${status} ${reason}\n`
  const response = new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  })
  converted.add(response)
  return response
}

/**
 * Django's `log_response` at the top of the stack: a 4xx or 5xx that no boundary
 * produced (a view that answered 404 itself) is logged once.
 */
export function logFinalResponse(
  response: Response,
  request: unknown,
  logger: Logger,
): void {
  if (converted.has(response)) return
  const reason =
    REASONS[response.status] ?? (response.statusText || `Status ${response.status}`)
  const line = `${reason}: ${requestLine(request)}`
  if (response.status >= 500) logger.error(line)
  else logger.warn(line)
}
