/**
 * The exceptions shallot knows: the HTTP ones that layers convert into 4xx responses,
 * and the two build-time ones (Django's names).
 *
 * @module
 */

/**
 * One problem with one field of the input, as `HttpError`'s `errors` carries it to
 * the client: `{ path: ['user', 'email'], message: 'must be an email' }`.
 */
export interface FieldError {
  /** Where in the input: object keys and array indexes, outermost first. */
  readonly path?: readonly (string | number)[] | undefined
  /** What is wrong, for the client to read. */
  readonly message: string
}

/**
 * The options of `HttpError` and its subclasses: the standard `cause`, and what the
 * client may see.
 */
export interface HttpErrorOptions extends ErrorOptions {
  /**
   * A client-safe explanation, shown in production error responses (RFC 9457's
   * `detail`), unlike the message, which only logs and debug pages show.
   */
  readonly detail?: string | undefined
  /** Field errors shown in production error responses, each `{ path?, message }`. */
  readonly errors?: readonly FieldError[] | undefined
}

/**
 * The base of the errors that become a response with their own status instead of a
 * 500. Throw a subclass (`NotFound`, ...) or an `HttpError` with any 4xx/5xx status.
 *
 * @example
 * ```ts
 * import { HttpError, createHandler } from 'shallot'
 *
 * const handler = createHandler({
 *   middleware: [],
 *   view: () => {
 *     throw new HttpError(409, 'Conflict: the article changed meanwhile')
 *   },
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const response = await handler(new Request('http://localhost/articles/1'))
 * console.log(response.status, await response.text()) // 409 409 Conflict
 * ```
 */
export class HttpError extends Error {
  /** The status of the response this error becomes. */
  readonly status: number
  /** The client-safe explanation production responses show (see `HttpErrorOptions`). */
  readonly detail: string | undefined
  /** The field errors production responses show (see `HttpErrorOptions`). */
  readonly errors: readonly FieldError[] | undefined
  /**
   * @param status - The response status, 400 to 599.
   * @param message - For logs and debug pages only; production responses never show it.
   * @param options - `cause`, and the client-safe `detail` and `errors`.
   * @throws RangeError when `status` is not an integer from 400 to 599; TypeError when
   *   `detail` is not a string or `errors` not an array.
   */
  constructor(status: number, message?: string, options?: HttpErrorOptions) {
    super(message, options)
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `HttpError status must be an integer from 400 to 599, got ${status}.`,
      )
    }
    const { detail, errors } = options ?? {}
    if (detail !== undefined && typeof detail !== 'string') {
      throw new TypeError(`HttpError detail must be a string, got ${typeof detail}.`)
    }
    if (errors !== undefined && !Array.isArray(errors)) {
      throw new TypeError(
        `HttpError errors must be an array of { path?, message }, got ${typeof errors}.`,
      )
    }
    this.status = status
    this.detail = detail
    this.errors = errors
    this.name = 'HttpError'
  }
}

/**
 * Django's `Http404`: becomes a 404. A resolver that returns nothing raises it too.
 *
 * @example
 * ```ts
 * import { NotFound } from 'shallot'
 *
 * const view = () => {
 *   throw new NotFound('no such article')
 * }
 * ```
 */
export class NotFound extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(404, message, options)
    this.name = 'NotFound'
  }
}

/**
 * Django's `PermissionDenied`: becomes a 403.
 *
 * @example
 * ```ts
 * import { PermissionDenied } from 'shallot'
 *
 * const view = () => {
 *   throw new PermissionDenied('staff only')
 * }
 * ```
 */
export class PermissionDenied extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(403, message, options)
    this.name = 'PermissionDenied'
  }
}

/**
 * Django's `BadRequest`: becomes a 400.
 *
 * @example
 * ```ts
 * import { BadRequest } from 'shallot'
 *
 * const view = () => {
 *   throw new BadRequest('page must be a number')
 * }
 * ```
 */
export class BadRequest extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(400, message, options)
    this.name = 'BadRequest'
  }
}

/**
 * 401 Unauthorized (RFC 9110 §15.5.2): the request needs a logged-in user and has none.
 * `loginRequired` throws it when it has no login page to redirect to.
 *
 * @example
 * ```ts
 * import { Unauthorized } from 'shallot'
 *
 * const view = (request: Request) => {
 *   if (!request.headers.has('authorization')) throw new Unauthorized('no token')
 *   return new Response('secret')
 * }
 * ```
 */
export class Unauthorized extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(401, message, options)
    this.name = 'Unauthorized'
  }
}

/**
 * 415 Unsupported Media Type (RFC 9110 §15.5.16): the request's body is in a format the
 * server does not take here, or has no `Content-Type` at all. `validate` throws it
 * for a body whose `Content-Type` is not the one its schema reads.
 *
 * @example
 * ```ts
 * import { UnsupportedMediaType } from 'shallot'
 *
 * const view = (request: Request) => {
 *   if (request.headers.get('content-type') !== 'text/csv') {
 *     throw new UnsupportedMediaType('expected Content-Type: text/csv')
 *   }
 *   return new Response('imported')
 * }
 * ```
 */
export class UnsupportedMediaType extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(415, message, options)
    this.name = 'UnsupportedMediaType'
  }
}

/**
 * 405 Method Not Allowed (RFC 9110 §15.5.6, Django's `HttpResponseNotAllowed`): the
 * resource exists but not for this method. Its response carries `Allow` with
 * `allowed`. A URLconf's `resolve` throws it for a path whose routes take other methods.
 *
 * @example
 * ```ts
 * import { MethodNotAllowed } from 'shallot'
 *
 * const view = (request: Request) => {
 *   if (request.method !== 'POST') throw new MethodNotAllowed(['POST'])
 *   return new Response('created', { status: 201 })
 * }
 * ```
 */
export class MethodNotAllowed extends HttpError {
  /** The methods the resource takes, for the `Allow` header. */
  readonly allowed: readonly string[]
  /**
   * @param allowed - The methods the resource takes.
   * @param message - For logs and debug pages only.
   */
  constructor(
    allowed: readonly string[],
    message?: string,
    options?: HttpErrorOptions,
  ) {
    super(405, message, options)
    this.allowed = [...allowed]
    this.name = 'MethodNotAllowed'
  }
}

/**
 * Django's `SuspiciousOperation`: the client did something that looks like an attack
 * (a forged `Host`, a tampered cookie). Becomes a 400 and is logged at warn level.
 *
 * @example
 * ```ts
 * import { SuspiciousOperation } from 'shallot'
 *
 * const view = () => {
 *   throw new SuspiciousOperation('Invalid HTTP_HOST header')
 * }
 * ```
 */
export class SuspiciousOperation extends HttpError {
  constructor(message?: string, options?: HttpErrorOptions) {
    super(400, message, options)
    this.name = 'SuspiciousOperation'
  }
}

/**
 * Thrown by a factory (or a hook class's constructor) to leave itself out of the
 * stack at build time, e.g. when a feature is switched off. Logged at debug level when
 * `debug` is on.
 *
 * @example
 * ```ts
 * import { MiddlewareNotUsed, type Middleware } from 'shallot'
 *
 * const enabled = false
 * const tracing: Middleware = (getResponse) => {
 *   if (!enabled) throw new MiddlewareNotUsed('tracing is off')
 *   return getResponse
 * }
 * ```
 */
export class MiddlewareNotUsed extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'MiddlewareNotUsed'
  }
}

/**
 * A stack that cannot be built as configured: a non-function entry, a factory that
 * returned something other than a handler, both or neither of `view` and `resolve`.
 * Thrown at build time, never per request.
 *
 * @example
 * ```ts
 * import { ImproperlyConfigured, createHandler } from 'shallot'
 *
 * try {
 *   createHandler({ middleware: [], view: undefined as never })
 * } catch (error) {
 *   console.log(error instanceof ImproperlyConfigured) // true
 * }
 * ```
 */
export class ImproperlyConfigured extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ImproperlyConfigured'
  }
}
