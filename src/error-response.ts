/**
 * Django's `response_for_exception`: the response an exception becomes at a layer
 * boundary, and the log line it leaves.
 *
 * @module
 */
import { HttpError } from './errors.js'
import { errorBodyText, errorPage, errorReason } from './internal/error-body.js'
import { log } from './internal/log.js'
import { reasonPhrase } from './internal/status.js'
import type { Logger } from './logger.js'
import { NotAResponse } from './response-like.js'

/**
 * Responses made from an exception whose line is already out, so that the top of the
 * stack does not log them again. Only responses made here enter it: a response a view
 * returns (even the same object every time) is logged on every request.
 */
const logged = new WeakSet<Response>()

/**
 * 4xx responses made from an exception inside a stack, with their line: the top logs
 * the line only if the response is still the answer (N12), so that a layer replacing
 * it with an error response of its own leaves one line, not two. A 5xx is logged where
 * it is made, with its error: a server error is never lost to a layer that hides it.
 */
const deferred = new WeakMap<Response, string>()

/** The contexts of `createHandler` stacks, whose top logs the final response. */
const stacks = new WeakSet<ErrorContext>()

/** Marks `context` as a stack's: its 4xx lines wait for the top (see `deferred`). */
export function stackContext(context: ErrorContext): ErrorContext {
  stacks.add(context)
  return context
}

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

/** The status an error becomes: its own for an `HttpError`, 500 for anything else. */
export function statusFor(error: unknown): number {
  try {
    // `instanceof` runs a Proxy's getPrototypeOf trap, and `status` may be a getter.
    if (error instanceof HttpError) {
      const { status } = error
      if (Number.isInteger(status) && status >= 400 && status <= 599) return status
    }
  } catch {}
  return 500
}

/** Whether `error` is a `NotAResponse`; `false` when asking throws. */
function isNotAResponse(error: unknown): error is NotAResponse {
  try {
    return error instanceof NotAResponse
  } catch {
    return false
  }
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
  // Any of these reads may throw: a getter, a Proxy trap, a `toString`.
  try {
    if (error instanceof Error) {
      const head = `${error.name}: ${error.message}`
      return error.stack?.includes(error.message)
        ? error.stack
        : `${head}\n${error.stack ?? ''}`
    }
    return `Thrown: ${String(error)}`
  } catch {
    return 'Thrown: an unprintable value'
  }
}

/** Whether the request's signal says its client went away; never throws. */
function clientGone(request: unknown): boolean {
  try {
    return (
      (request as { signal?: { aborted?: unknown } } | null)?.signal?.aborted === true
    )
  } catch {
    return false
  }
}

/**
 * Converts an exception into a response, exactly as every boundary of a stack does
 * (Django's `response_for_exception`): `NotFound` 404, `PermissionDenied` 403,
 * `BadRequest` and `SuspiciousOperation` 400, another `HttpError` its status,
 * anything else 500. In production (`debug` off) the body is the status and reason
 * phrase and nothing else; in debug it adds the request line, the error and its stack.
 * Logs a 5xx at error level (with the error) and a 4xx at warn level, with the request
 * line; at debug level when the request's `signal` has aborted (the client went away).
 * For runners and adapters that must answer the way a stack would. Whatever
 * was thrown, and whatever the logger does (a logger that throws is ignored), it
 * returns a response.
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
  const reason = errorReason(status)
  const line = `${reason}: ${requestLine(request)}`
  const body = context.debug
    ? `${status} ${reason}\n\n${requestLine(request)}\n\n${errorText(error)}\n`
    : errorBodyText(status)
  const response = errorPage(body, status)
  if (status < 500 && stacks.has(context)) {
    deferred.set(response, line)
    return response
  }
  // A client that went away (a body read cut short, a view that gave up on
  // request.signal) is no fault of the server's: a client must not flood error logs.
  if (clientGone(request))
    log(context.logger, 'debug', `${line}: the client went away`, error)
  // The "didn't return" wording is the whole diagnosis, so it goes into the line itself.
  else if (isNotAResponse(error))
    log(context.logger, 'error', `${line}: ${error.message}`, error)
  else if (status >= 500) log(context.logger, 'error', line, error)
  // A 4xx is the client's doing: one line, no stack (Django's "Not Found: /path").
  else log(context.logger, 'warn', line)
  logged.add(response)
  return response
}

/**
 * Django's `log_response` at the top of the stack: the final response, if it is a 4xx
 * or 5xx whose line is not out yet (a view that answered 404 itself, a client error
 * converted inside the stack), is logged once. A response whose `status` cannot be
 * read (a hand-made object branded `Response`) could not be sent: it becomes a 500.
 *
 * @returns The response to answer with.
 */
export function finalResponse(
  response: Response,
  request: unknown,
  context: ErrorContext,
): Response {
  let status: number
  let line: string
  try {
    ;({ status } = response)
    if (status < 400 || logged.has(response)) return response
    line =
      deferred.get(response) ??
      `${reasonPhrase(status) ?? (response.statusText || `Status ${status}`)}: ${requestLine(request)}`
  } catch (error) {
    return responseForError(error, request, context, 500)
  }
  log(context.logger, status >= 500 ? 'error' : 'warn', line)
  return response
}
