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

/** What a boundary needs to turn an error into a response. */
export interface ErrorContext {
  readonly debug: boolean
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
 * Converts an exception into a response. In production (`debug` off) the body is the
 * status's reason phrase and nothing else; in debug it shows the error and its stack.
 * Logs a 5xx at error level and a 4xx at warn level, with the request line.
 */
export function responseForError(
  error: unknown,
  request: unknown,
  context: ErrorContext,
): Response {
  const status = statusFor(error)
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
