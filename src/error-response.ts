/**
 * Django's `response_for_exception`: the response an exception becomes at a layer
 * boundary, and the log line it leaves.
 *
 * @module
 */
import { HttpError } from './errors.js'
import { errorReason, errorResponse, type ErrorDetails } from './internal/error-body.js'
import { log } from './internal/log.js'
import { allowOf } from './internal/allow.js'
import { isResponse } from './internal/response.js'
import { reasonPhrase } from './internal/status.js'
import { isThenable } from './internal/thenable.js'
import type { Logger } from './logger.js'
import { NotAResponse } from './response-like.js'

/**
 * An error view (Django's `handler404`, `handler500`, ...): the response for an
 * exception that becomes its status, in place of the built-in error page. It receives
 * the request and what was thrown. One that throws, or gives anything but a
 * `Response`, is logged and the built-in page answers instead.
 *
 * @example
 * ```ts
 * import type { ErrorView } from 'shallot'
 *
 * const notFound: ErrorView = (request) =>
 *   new Response(`Nothing at ${new URL(request.url).pathname}`, { status: 404 })
 * ```
 */
export type ErrorView = (
  request: Request,
  error: unknown,
) => Response | Promise<Response>

/**
 * Error views by status, each from 400 to 599: `{ 404: notFound, 500: serverError }`.
 * A status without one gets the built-in page.
 */
export type ErrorViews = Readonly<Partial<Record<number, ErrorView>>>

/**
 * Responses made from an exception whose line is already out, so that the top of the
 * stack does not log them again. Only responses made here enter it: a response a view
 * returns (even the same object every time) is logged on every request.
 */
const logged = new WeakSet<Response>()

/**
 * The request each final response was last logged for, so that a stack inside a stack
 * (a route's, in shallot/urls) adds no second line, while a view that returns the same
 * object to every request is still logged on each (N12).
 */
const loggedFor = new WeakMap<Response, unknown>()

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
  /**
   * The responses for statuses that should not get the built-in page. With `debug` on
   * the debug page answers instead, except for 403, as Django's `DEBUG` does (N3).
   */
  readonly errorViews?: ErrorViews | undefined
}

/** Whether `status` is an error status: an integer from 400 to 599. */
const isErrorStatus = (status: unknown): status is number =>
  Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599

/**
 * The status an error becomes: its own for an `HttpError`; for another error, its
 * numeric `status` (or `statusCode`) from 400 to 599, the convention of the
 * `http-errors` package that Koa, Express and Middy use; 500 for anything else.
 */
export function statusFor(error: unknown): number {
  try {
    // `instanceof` runs a Proxy's getPrototypeOf trap, and `status` may be a getter.
    if (error instanceof HttpError) {
      const { status } = error
      if (isErrorStatus(status)) return status
    } else if (typeof error === 'object' && error !== null) {
      const { status, statusCode } = error as { status?: unknown; statusCode?: unknown }
      if (isErrorStatus(status)) return status
      if (isErrorStatus(statusCode)) return statusCode
    }
  } catch {}
  return 500
}

/**
 * What a production error page shows of `error`: an `HttpError`'s `detail` and
 * `errors`; the message of another error whose status is a 4xx and whose `expose` is
 * `true` (http-errors' flag, as Koa shows it); nothing else, and never the message of a
 * 5xx.
 */
function publicDetails(error: unknown, status: number): ErrorDetails {
  try {
    if (error instanceof HttpError)
      return { detail: error.detail, errors: error.errors }
    const { expose, message } = error as { expose?: unknown; message?: unknown }
    if (status < 500 && expose === true && typeof message === 'string') {
      return { detail: message }
    }
  } catch {}
  return {}
}

/** The request's `Accept` header; `null` when there is none or it cannot be read. */
function acceptOf(request: unknown): string | null {
  try {
    return (request as Request).headers.get('accept')
  } catch {
    return null
  }
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
 * `BadRequest` and `SuspiciousOperation` 400, another `HttpError` its status, an error
 * with a numeric `status` or `statusCode` from 400 to 599 (the `http-errors`
 * convention) that status, anything else 500.
 *
 * The context's error view for that status answers if there is one (with `debug` on,
 * only a 403's, as in Django); one that throws or gives no `Response` is logged at
 * error level and the built-in page answers. The built-in page is `text/plain`, or an
 * RFC 9457 `application/problem+json` when the request's `Accept` prefers JSON. In
 * production (`debug` off) it shows the status, its reason phrase, and only what is
 * meant for the client: an `HttpError`'s `detail` and `errors`, or the message of a
 * 4xx error with `expose: true`. In debug it adds the request line, the error and its
 * stack.
 *
 * Logs a 5xx at error level (with the error) and a 4xx at warn level, with the request
 * line; at debug level when the request's `signal` has aborted (the client went away).
 * For runners and adapters that must answer the way a stack would. Whatever was
 * thrown, and whatever the logger does (a logger that throws is ignored), it returns a
 * response.
 *
 * @param error - Anything thrown.
 * @param request - The request being answered (named in the log line; its `Accept`
 *   header chooses the format).
 * @param context - `debug`, `logger` and `errorViews`.
 * @param status - The status to answer with instead of the error's own: an old-style
 *   stack answers 500 for any error after the view (O15). Default: the error's.
 * @returns The response; a promise of it only when an error view answers with one.
 *   Never throws or rejects.
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
  context: ErrorContext & { readonly errorViews?: undefined },
  status?: number,
): Response
export function responseForError(
  error: unknown,
  request: unknown,
  context: ErrorContext,
  status?: number,
): Response | Promise<Response>
export function responseForError(
  error: unknown,
  request: unknown,
  context: ErrorContext,
  status = statusFor(error),
): Response | Promise<Response> {
  const answer = (response: Response): Response =>
    logConversion(response, error, request, context, status)
  const view = errorViewFor(context, status)
  if (view === undefined) return answer(builtInPage(error, request, context, status))
  const who = `The error view for ${status}`
  // Django falls back to its 500 path; the built-in page keeps the status, since the
  // request was no different, and the view's failure is logged as a server error.
  const fallBack = (failure: unknown): Response => {
    log(context.logger, 'error', `${who} failed: ${requestLine(request)}`, failure)
    return answer(builtInPage(error, request, context, status))
  }
  const take = (result: unknown): Response =>
    isResponse(result) ? answer(result) : fallBack(new NotAResponse(who, result))
  try {
    const result: unknown = view(request as Request, error)
    return isThenable(result)
      ? Promise.resolve(result).then(take, fallBack)
      : take(result)
  } catch (failure) {
    return fallBack(failure)
  }
}

/** The context's error view for `status`, if one applies (see `ErrorContext`). */
function errorViewFor(context: ErrorContext, status: number): ErrorView | undefined {
  const views = context.errorViews
  if (views === undefined || (context.debug && status !== 403)) return undefined
  // A context made by hand may hold anything: only a function is a view.
  try {
    const view = views[status]
    return typeof view === 'function' ? view : undefined
  } catch {
    return undefined
  }
}

/** The built-in error page: the status, what the client may see, debug details. */
function builtInPage(
  error: unknown,
  request: unknown,
  context: ErrorContext,
  status: number,
): Response {
  const details: ErrorDetails = context.debug
    ? {
        ...publicDetails(error, status),
        request: requestLine(request),
        error: errorText(error),
      }
    : publicDetails(error, status)
  const response = errorResponse(status, acceptOf(request), details)
  // A 405 names the methods the resource takes (RFC 9110 §15.5.6).
  const allow = allowOf(error)
  if (allow !== undefined) response.headers.set('allow', allow)
  return response
}

/** Logs the conversion of `error` into `response` as `responseForError` says. */
function logConversion(
  response: Response,
  error: unknown,
  request: unknown,
  context: ErrorContext,
  status: number,
): Response {
  const line = `${errorReason(status)}: ${requestLine(request)}`
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
 * @returns The response to answer with (a promise only when a 500 error view answers
 *   with one).
 */
export function finalResponse(
  response: Response,
  request: unknown,
  context: ErrorContext,
): Response | Promise<Response> {
  let status: number
  let line: string
  try {
    ;({ status } = response)
    if (
      status < 400 ||
      logged.has(response) ||
      (loggedFor.has(response) && loggedFor.get(response) === request)
    ) {
      return response
    }
    line =
      deferred.get(response) ??
      `${reasonPhrase(status) ?? (response.statusText || `Status ${status}`)}: ${requestLine(request)}`
  } catch (error) {
    return responseForError(error, request, context, 500)
  }
  // Once per request: a stack inside a stack (a route's, in shallot/urls) has a top too.
  loggedFor.set(response, request)
  log(context.logger, status >= 500 ? 'error' : 'warn', line)
  return response
}

/**
 * `responseForError` at the top of a stack: the conversion, then its final log line
 * (see `finalResponse`), once the response is there.
 */
export function finalResponseForError(
  error: unknown,
  request: unknown,
  context: ErrorContext,
): Response | Promise<Response> {
  const response = responseForError(error, request, context)
  return response instanceof Promise
    ? response.then((settled) => finalResponse(settled, request, context))
    : finalResponse(response, request, context)
}
