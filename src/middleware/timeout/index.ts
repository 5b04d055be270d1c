/**
 * `timeout()`: answer 503 when the inner layers take too long, and tell them to stop.
 *
 * @module
 */
import {
  HttpError,
  ImproperlyConfigured,
  provide,
  type Middleware,
} from '../../index.js'
import { show, typeName } from '../../internal/describe.js'
import { errorPage } from '../../internal/error-body.js'
import { assertOptions } from '../../internal/option-checks.js'

/**
 * Options of {@link timeout}.
 *
 * @example
 * ```ts
 * import type { TimeoutOptions } from 'shallot/middleware'
 *
 * const options: TimeoutOptions = { ms: 5_000, status: 504, body: 'try again later' }
 * ```
 */
export interface TimeoutOptions {
  /** How long the inner layers have to answer, in milliseconds. Required. */
  readonly ms: number
  /** The status of the answer after the deadline, 400 to 599. Default `503`. */
  readonly status?: number
  /**
   * The body of that answer, as `text/plain`. Default: none given, so the stack's
   * error response for `status` (`503 Service Unavailable`), logged like any error.
   */
  readonly body?: string
}

function validate(options: number | TimeoutOptions): {
  ms: number
  status: number
  body: string | undefined
} {
  // A misspelt key would otherwise be ignored: name it.
  if (typeof options === 'object' && options !== null) {
    assertOptions(options, ['ms', 'status', 'body'], 'timeout()')
  }
  const {
    ms,
    status = 503,
    body,
  } = typeof options === 'number'
    ? ({ ms: options } as TimeoutOptions)
    : (options ?? ({} as TimeoutOptions))
  // setTimeout's limit is 2^31 - 1 ms; longer delays fire at once.
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > 2 ** 31 - 1) {
    throw new ImproperlyConfigured(
      `timeout() option ms must be a positive number of milliseconds up to 2147483647, got ${show(ms)}.`,
    )
  }
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new ImproperlyConfigured(
      `timeout() option status must be an integer from 400 to 599, got ${show(status)}.`,
    )
  }
  if (body !== undefined && typeof body !== 'string') {
    throw new ImproperlyConfigured(
      `timeout() option body must be a string, got ${typeName(body)}.`,
    )
  }
  return { ms, status, body }
}

/**
 * Gives the inner layers `ms` milliseconds to answer; after that, answers `status`
 * (503 Service Unavailable, RFC 9110 §15.6.4) and aborts `request.timeoutSignal`, the
 * signal it provides them, so that work nobody will read can stop (pass it to
 * `fetch`, database drivers, loops). The timer is cleared as soon as they answer.
 *
 * The deadline is for the response to start: once the inner layers have returned a
 * response, a body that is still streaming is not cut. Whatever the inner layers
 * answer after the deadline is discarded (its body cancelled).
 *
 * @param options - `ms`, or {@link TimeoutOptions}.
 * @returns A middleware that provides `timeoutSignal: AbortSignal`, which aborts at the
 *   deadline (reason: a `TimeoutError` `DOMException`) or when the request's own signal
 *   aborts (the client went away), whichever comes first.
 * @throws ImproperlyConfigured at once when an option is invalid.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { timeout } from 'shallot/middleware'
 *
 * let stopped = false
 * const handler = createHandler({
 *   middleware: [timeout({ ms: 50, body: 'too slow' })],
 *   view: (request) =>
 *     new Promise<Response>((resolve) => {
 *       const timer = setTimeout(() => resolve(new Response('done')), 1_000)
 *       request.timeoutSignal.addEventListener('abort', () => {
 *         clearTimeout(timer)
 *         stopped = true
 *         resolve(new Response('stopped'))
 *       })
 *     }),
 * })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(response.status, await response.text(), stopped) // 503 too slow true
 * ```
 */
export function timeout(options: number | TimeoutOptions): Middleware<
  {},
  {
    /** Aborts at the deadline, or when the client goes away. */
    timeoutSignal: AbortSignal
  }
> {
  const { ms, status, body } = validate(options)
  return (getResponse) => async (request) => {
    const controller = new AbortController()
    const clientGone = () => controller.abort(request.signal.reason)
    if (request.signal.aborted) clientGone()
    else request.signal.addEventListener('abort', clientGone, { once: true })
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms)
    })
    const inner = getResponse(provide(request, { timeoutSignal: controller.signal }))
    const response = await Promise.race([inner, deadline])
    clearTimeout(timer)
    request.signal.removeEventListener('abort', clientGone)
    if (response !== undefined) return response
    controller.abort(new DOMException(`No response within ${ms} ms.`, 'TimeoutError'))
    // The inner layers may still answer: nobody will read it.
    void inner.then((late) => late.body?.cancel().catch(() => {}))
    if (body !== undefined) {
      return errorPage(body, status)
    }
    throw new HttpError(status, `timeout(): no response within ${ms} ms`)
  }
}
