/**
 * Django's `response_for_exception`: the response an exception becomes at a layer
 * boundary, and the log line it leaves.
 *
 * @module
 */
import { HttpError } from './errors.js'
import type { Logger } from './logger.js'

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
}

/** Responses already logged, so the top of the stack does not log them twice. */
const logged = new WeakSet<Response>()

/** What a boundary needs to turn an error into a response. */
export interface ErrorContext {
  readonly debug: boolean
  readonly logger: Logger
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
    return `Thrown value (not an Error): ${String(error)}`
  } catch {
    return 'Thrown value (not an Error) that cannot be printed'
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
  const reason = REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
  const line = `${reason}: ${requestLine(request)}`
  if (status >= 500) context.logger.error(line, error)
  else context.logger.warn(line, error)
  const body = context.debug
    ? `${status} ${reason}\n\n${requestLine(request)}\n\n${errorText(error)}\n`
    : `${status} ${reason}\n`
  const response = new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  })
  logged.add(response)
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
  if (logged.has(response)) return
  logged.add(response)
  const line = `${REASONS[response.status] ?? response.statusText ?? 'Error'}: ${requestLine(request)}`
  if (response.status >= 500) logger.error(line)
  else logger.warn(line)
}
