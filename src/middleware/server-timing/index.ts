/**
 * `serverTiming`: the W3C Server Timing header for the layers inside.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import type { Middleware } from '../../types.js'
import { editHeaders } from '../../internal/header-edits.js'
import {
  assertFunction,
  assertOptions,
  assertToken,
} from '../../internal/option-checks.js'
import { show } from '../../internal/describe.js'
import { collect, type TimingEntry } from './timing-collector.js'

/** `serverTiming`'s options; every one is optional. */
export interface ServerTimingOptions {
  /** The metric name of the whole time inside this layer, an HTTP token. Default `'app'`. */
  readonly name?: string | undefined
  /**
   * Its `desc` parameter, printable ASCII (sent as a quoted string). Default: none.
   */
  readonly description?: string | undefined
  /**
   * The clock, in milliseconds; `timed` layers inside use it too. Default
   * `() => performance.now()`. Inject one to make tests deterministic.
   */
  readonly now?: (() => number) | undefined
}

const PRINTABLE = /^[\x20-\x7e]*$/

/** `12.345678` as `12.35`: two decimals are finer than any server-side clock here. */
function formatDuration(ms: number): string {
  return String(Math.round(ms * 100) / 100)
}

/** One `Server-Timing` metric: `name;dur=1.2` or `name;dur=1.2;desc="..."`. */
function metric(name: string, duration: number, description?: string): string {
  const desc =
    description === undefined
      ? ''
      : `;desc="${description.replace(/["\\]/g, (char) => `\\${char}`)}"`
  return `${name};dur=${formatDuration(duration)}${desc}`
}

/**
 * Adds `Server-Timing` metrics (W3C Server Timing, §3 "The Server-Timing header
 * field") to every response: `name;dur=<ms>` for the whole time spent inside this
 * layer, then one metric per `timed` layer inside it, with that layer's own time
 * (excluding the layers inside it). It appends to a `Server-Timing` header an inner
 * layer or the view already set, and copies a response whose headers are immutable
 * into a new one that shares its body, unread.
 *
 * The time is until the response object is returned, not until its body is sent: a
 * streamed body goes out after every layer has returned (ST2). In Cloudflare Workers,
 * `performance.now()` advances only when I/O happens (a Spectre mitigation), so time
 * spent computing reads as 0 there; local workerd advances normally.
 *
 * Every response shows these timings to whoever made the request: put the layer
 * behind a condition (an environment flag) in production if that matters.
 *
 * @param options - `name` (default `'app'`), `description` (default none), `now`
 *   (default `() => performance.now()`).
 * @returns A middleware adding `Server-Timing` metrics.
 * @throws ImproperlyConfigured at once for an unknown option, a `name` that is not an
 *   HTTP token, a `description` with characters other than printable ASCII, or a
 *   `now` that is not a function.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { serverTiming } from 'shallot/middleware'
 *
 * let clock = 0
 * const handler = createHandler({
 *   middleware: [serverTiming({ name: 'total', description: 'All layers', now: () => clock })],
 *   view: () => {
 *     clock += 12.5
 *     return new Response('ok', { headers: { 'server-timing': 'db;dur=8' } })
 *   },
 * })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(response.headers.get('server-timing')) // db;dur=8, total;dur=12.5;desc="All layers"
 * ```
 */
export function serverTiming(options?: ServerTimingOptions): Middleware {
  assertOptions(options, ['name', 'description', 'now'], 'serverTiming()')
  const { name = 'app', description, now = () => performance.now() } = options ?? {}
  assertToken(name, 'serverTiming() option name')
  if (
    description !== undefined &&
    (typeof description !== 'string' || !PRINTABLE.test(description))
  ) {
    throw new ImproperlyConfigured(
      `serverTiming() option description must be a string of printable ASCII characters, got ${show(description)}.`,
    )
  }
  assertFunction(now, 'serverTiming() option now')
  return function serverTiming(getResponse) {
    return async (request) => {
      const { response, entries } = await collect(request, name, now, getResponse)
      return editHeaders(response, (headers) => {
        headers.append('server-timing', header(entries, description))
      })
    }
  }
}

/** The collecting layer's whole time first, then each timed layer's own time. */
function header(entries: readonly TimingEntry[], description?: string): string {
  const [own, ...layers] = entries
  return [
    metric(own!.name, own!.total, description),
    ...layers.map((entry) => metric(entry.name, entry.duration)),
  ].join(', ')
}
