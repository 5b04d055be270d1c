/**
 * `timingReport`: every measured layer's time, per request, to a callback.
 *
 * @module
 */
import type { Middleware } from '../../types.js'
import {
  assertFunction,
  assertOptions,
  assertToken,
} from '../../internal/option-checks.js'
import { collect, type TimingEntry } from './timing-collector.js'

/** `timingReport`'s options; every one is optional. */
export interface TimingReportOptions {
  /** The name of this layer's own entry, the first of each report. Default `'app'`. */
  readonly name?: string | undefined
  /**
   * The clock, in milliseconds; `timed` layers inside use it too. Default
   * `() => performance.now()`. Inject one to make tests deterministic.
   */
  readonly now?: (() => number) | undefined
}

/**
 * Profiles a stack: for every request, calls `onReport(entries, request)` with one
 * entry per `timed` layer inside this one, in the order the request entered them,
 * after this layer's own entry. Each entry has the layer's own time (`duration`,
 * excluding the layers inside it) and its whole time (`total`). This layer's own
 * `duration` is what no `timed` layer claims (untimed layers and the view), so the
 * durations add up to its `total`.
 *
 * Nothing goes to the client. `onReport` runs after the inner layers have answered and
 * before the response goes out, so keep it quick (push to a buffer, a metrics
 * client); an error it throws becomes a 500 at this layer's boundary. Times run until
 * the response object is returned, not until a streamed body is sent; in Cloudflare
 * Workers `performance.now()` advances only on I/O, so computing reads as 0 there.
 *
 * @param onReport - Receives the entries (a new array per request) and the request.
 * @param options - `name` (default `'app'`), `now` (default `() => performance.now()`).
 * @returns A middleware that reports and changes nothing.
 * @throws ImproperlyConfigured at once when `onReport` or `now` is not a function, for
 *   an unknown option, or a `name` that is not an HTTP token.
 *
 * @example
 * ```ts
 * import { createHandler, type Middleware } from 'shallot'
 * import { timed, timingReport } from 'shallot/middleware'
 *
 * let clock = 0
 * let report = ''
 * const work =
 *   (ms: number): Middleware =>
 *   (getResponse) =>
 *   async (request) => {
 *     clock += ms // this layer's own work
 *     return getResponse(request)
 *   }
 * const handler = createHandler({
 *   middleware: [
 *     timingReport(
 *       (entries) => {
 *         report = entries.map((e) => `${e.name} ${e.duration}/${e.total}`).join(', ')
 *       },
 *       { now: () => clock },
 *     ),
 *     timed('auth', work(3)),
 *     timed('session', work(2)),
 *   ],
 *   view: () => {
 *     clock += 10
 *     return new Response('ok')
 *   },
 * })
 * await handler(new Request('http://localhost/'))
 * console.log(report) // app 10/15, auth 3/15, session 2/12
 * ```
 */
export function timingReport(
  onReport: (entries: readonly TimingEntry[], request: Request) => void,
  options?: TimingReportOptions,
): Middleware {
  assertFunction(onReport, 'timingReport() onReport')
  assertOptions(options, ['name', 'now'], 'timingReport()')
  const { name = 'app', now = () => performance.now() } = options ?? {}
  assertToken(name, 'timingReport() option name')
  assertFunction(now, 'timingReport() option now')
  return function timingReport(getResponse) {
    return async (request) => {
      const { response, entries } = await collect(request, name, now, getResponse)
      onReport(entries, request)
      return response
    }
  }
}
