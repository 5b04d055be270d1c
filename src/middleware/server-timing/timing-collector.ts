/**
 * The per-request record that `serverTiming`, `timingReport` and `timed` share: the
 * clock, and one entry per measured layer in the order the request entered them.
 *
 * @module
 */
/**
 * One measured layer of one request, in milliseconds.
 *
 * @example
 * ```ts
 * import type { TimingEntry } from 'shallot/middleware'
 *
 * const slowest = (entries: readonly TimingEntry[]) =>
 *   [...entries].sort((a, b) => b.duration - a.duration)[0]?.name
 * ```
 */
export interface TimingEntry {
  /** The layer's name: `timed(name, ...)`'s, or the collecting layer's `name` option. */
  readonly name: string
  /**
   * The layer's own time: its total minus the time spent in the layers inside it. For
   * the collecting layer (`serverTiming`, `timingReport`) it is everything inside it
   * that no `timed` layer accounts for (untimed layers and the view), so the durations
   * of a report add up to its first entry's `total`.
   */
  readonly duration: number
  /** From entering the layer to its response, the layers inside included. */
  readonly total: number
}

interface OpenEntry {
  name: string
  duration: number
  total: number
}

/** The record of one request; lives on the request under `COLLECTOR`. */
export interface Collector {
  readonly now: () => number
  readonly entries: OpenEntry[]
}

/**
 * Where the collector is kept on the request. A symbol property read is what a `timed`
 * layer pays when nothing collects, so a stack without a collector loses nothing.
 */
export const COLLECTOR: unique symbol = Symbol('shallot.timing')

type Carrier = Request & { [COLLECTOR]?: Collector | undefined }

/** The collector of this request, if a collecting layer outside created one. */
export function collectorOf(request: Request): Collector | undefined {
  return (request as Carrier)[COLLECTOR]
}

/**
 * Measures `handler(request)` as the collecting layer `name`: joins the collector an
 * outer collecting layer made, or makes one with `now`. Resolves to the response and
 * the entries recorded inside this layer, its own entry first.
 */
export async function collect(
  request: Request,
  name: string,
  now: () => number,
  handler: (request: Request) => Promise<Response>,
): Promise<{ response: Response; entries: readonly TimingEntry[] }> {
  const carrier = request as Carrier
  const outer = carrier[COLLECTOR]
  const collector = outer ?? { now, entries: [] }
  const first = collector.entries.length
  const own: OpenEntry = { name, duration: 0, total: 0 }
  collector.entries.push(own)
  let response: Response
  const start = collector.now()
  try {
    carrier[COLLECTOR] = collector
    response = await handler(request)
  } finally {
    // A request object handled again (a retry, a test) starts with a fresh record.
    if (outer === undefined) carrier[COLLECTOR] = undefined
  }
  own.total = Math.max(0, collector.now() - start)
  const entries = collector.entries.slice(first)
  let inside = 0
  for (let index = 1; index < entries.length; index++)
    inside += entries[index]!.duration
  // Everything inside that no timed layer claimed: untimed layers, the view, ourselves.
  own.duration = Math.max(0, own.total - inside)
  return { response, entries }
}

/** Opens the entry of a `timed` layer; the caller fills it in when the layer answers. */
export function open(collector: Collector, name: string): OpenEntry {
  const entry: OpenEntry = { name, duration: 0, total: 0 }
  collector.entries.push(entry)
  return entry
}
