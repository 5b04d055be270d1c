/**
 * The exceptions shallot knows: the HTTP ones that layers convert into 4xx responses,
 * and the two build-time ones (Django's names).
 *
 * @module
 */

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
  /**
   * @param status - The response status, 400 to 599.
   * @param message - For logs and debug pages only; production responses never show it.
   * @throws RangeError when `status` is not an integer from 400 to 599.
   */
  constructor(status: number, message?: string, options?: ErrorOptions) {
    super(message, options)
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `HttpError status must be an integer from 400 to 599, got ${status}.`,
      )
    }
    this.status = status
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
  constructor(message?: string, options?: ErrorOptions) {
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
  constructor(message?: string, options?: ErrorOptions) {
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
  constructor(message?: string, options?: ErrorOptions) {
    super(400, message, options)
    this.name = 'BadRequest'
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
  constructor(message?: string, options?: ErrorOptions) {
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
