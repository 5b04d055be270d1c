/**
 * What a soak watches around the process: unhandled rejections, uncaught exceptions
 * and warnings (a `MaxListenersExceededWarning` is a listener leak), the resources
 * keeping the event loop alive, listener counts on `process`, and the heap after a
 * forced garbage collection.
 */

/** Counts what reaches the process-wide handlers while installed. */
export interface ProcessGuards {
  readonly unhandledRejections: unknown[]
  readonly uncaughtExceptions: unknown[]
  readonly warnings: Error[]
  /** Removes the handlers. */
  remove(): void
}

export function installGuards(): ProcessGuards {
  const guards = {
    unhandledRejections: [] as unknown[],
    uncaughtExceptions: [] as unknown[],
    warnings: [] as Error[],
  }
  const onRejection = (reason: unknown): void =>
    void guards.unhandledRejections.push(reason)
  const onException = (error: unknown): void =>
    void guards.uncaughtExceptions.push(error)
  const onWarning = (warning: Error): void => void guards.warnings.push(warning)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  process.on('warning', onWarning)
  return {
    ...guards,
    remove() {
      process.off('unhandledRejection', onRejection)
      process.off('uncaughtException', onException)
      process.off('warning', onWarning)
    },
  }
}

/** The resources keeping the event loop alive, by type (`Timeout`, `TCPSocketWrap`...). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const type of process.getActiveResourcesInfo()) {
    counts.set(type, (counts.get(type) ?? 0) + 1)
  }
  return counts
}

/** `Type: before → after` for every type there are more of now than before. */
export function leftOver(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): string[] {
  const extra: string[] = []
  for (const [type, count] of after) {
    const was = before.get(type) ?? 0
    if (count > was) extra.push(`${type}: ${was} → ${count}`)
  }
  return extra
}

/** Process events whose listener counts must end as they began. */
const EVENTS = [
  'exit',
  'beforeExit',
  'uncaughtException',
  'unhandledRejection',
  'warning',
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
] as const

export function listenerCounts(): Record<string, number> {
  return Object.fromEntries(
    EVENTS.map((event) => [event, process.listenerCount(event)]),
  )
}

/** `event: before → after` for every count that changed. */
export function listenerChanges(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  return EVENTS.filter((event) => before[event] !== after[event]).map(
    (event) => `${event}: ${before[event]} → ${after[event]}`,
  )
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Heap used after full collections (`global.gc`, from `node --expose-gc`), with turns
 * of the event loop between them so finalizers and weak callbacks run; `undefined`
 * without `gc`.
 */
export async function settledHeap(): Promise<number | undefined> {
  if (typeof gc !== 'function') return undefined
  for (let round = 0; round < 3; round++) {
    gc()
    await turn()
  }
  return process.memoryUsage().heapUsed
}

/**
 * Waits, up to `limitMs`, for the active resources to drop back to `baseline` (closed
 * sockets and fired timers go within a few turns); returns what is still left over.
 */
export async function resourcesBackTo(
  baseline: ReadonlyMap<string, number>,
  limitMs: number,
): Promise<string[]> {
  const deadline = Date.now() + limitMs
  for (;;) {
    const extra = leftOver(baseline, activeResources())
    if (extra.length === 0 || Date.now() >= deadline) return extra
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
