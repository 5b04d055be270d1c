/**
 * The soak: a stream of requests, each with its own random plan, through random
 * stacks that are rebuilt every few hundred requests; most in-process, a share over
 * HTTP. The run is cut into segments; after each one it drains and weighs the heap
 * after a forced GC, so that growth shows against the first (warm-up) checkpoint.
 */
import type { Handler, Logger } from '../../src/index.js'
import {
  activeResources,
  installGuards,
  listenerChanges,
  listenerCounts,
  resourcesBackTo,
  settledHeap,
} from './guards.js'
import { HttpDriver } from './http.js'
import { Ledger } from './ledger.js'
import { sendLocal } from './local.js'
import { drawPlan, drawStack, type StackShape } from './plan.js'
import { seeded } from './random.js'
import { buildStack } from './stack.js'
import { Watch } from './watch.js'

export interface SoakOptions {
  readonly requests: number
  readonly seed: number
  /** The share of requests sent over HTTP, 0 to 1. */
  readonly httpShare: number
  /** Requests in flight at once. Default 64. */
  readonly concurrency?: number
  /** Heap checkpoints after the warm-up one. Default 10. */
  readonly checkpoints?: number
  /** The most the heap may grow from the warm-up checkpoint to any later one. */
  readonly heapLimitBytes?: number
  /** A request (or a server-side answer) in flight longer than this is stuck. */
  readonly stuckMs?: number
  /** Called with a line after each checkpoint. */
  readonly progress?: (line: string) => void
}

/** Heap used after a forced GC; the first checkpoint is the warm-up baseline. */
export interface HeapFigures {
  readonly start: number
  readonly checkpoints: readonly {
    readonly requests: number
    readonly heapUsed: number
  }[]
  readonly limit: number
}

export interface SoakReport {
  readonly seed: number
  /** Requests sent (all of them, unless the run stopped on a stuck request). */
  readonly requests: number
  readonly local: number
  readonly http: number
  readonly stacks: number
  readonly durationMs: number
  readonly ledger: Ledger
  /** `undefined` when `global.gc` is missing (run node with `--expose-gc`). */
  readonly heap: HeapFigures | undefined
  readonly unhandledRejections: readonly string[]
  readonly uncaughtExceptions: readonly string[]
  readonly warnings: readonly string[]
  /** Resource types of which more were active at the end than at the start. */
  readonly resourcesLeft: readonly string[]
  /** Process events whose listener counts changed. */
  readonly listenerChanges: readonly string[]
  readonly stuck: boolean
}

export const HEAP_LIMIT_BYTES = 5 * 1024 * 1024

const describe = (value: unknown): string =>
  value instanceof Error ? (value.stack ?? String(value)) : String(value)

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const {
    requests,
    seed,
    httpShare,
    concurrency = 64,
    checkpoints = 10,
    heapLimitBytes = HEAP_LIMIT_BYTES,
    stuckMs = 15_000,
    progress = () => {},
  } = options
  const resourcesBefore = activeResources()
  const listenersBefore = listenerCounts()
  const guards = installGuards()
  const heapStart = await settledHeap()
  const started = performance.now()

  const ledger = new Ledger()
  const watch = new Watch()
  const random = seeded(seed)
  const stackLogger: Logger = {
    debug() {},
    info() {},
    warn: () => ledger.events.add('stack log lines (warn)'),
    error: () => ledger.events.add('stack log lines (error)'),
  }
  // A logger whose transport is down: it throws on every call, and the answer must
  // not change for it (nor must the process end).
  const down = (level: keyof Logger) => (): never => {
    if (level === 'warn' || level === 'error') {
      ledger.events.add(`stack log lines (${level})`)
    }
    ledger.faults.add('logger throws')
    throw new Error(`soak: the logger is down (${level})`)
  }
  const throwingLogger: Logger = {
    debug: down('debug'),
    info: down('info'),
    warn: down('warn'),
    error: down('error'),
  }

  let shape: StackShape = { kinds: [], groups: [], debug: false, logger: 'counts' }
  let handler: Handler = () => Promise.reject(new Error('soak: no stack yet'))
  let stackLeft = 0
  let stacks = 0
  let next = 0
  let local = 0
  let http = 0
  let stop = false
  let onStuck = (): void => {}
  const stuck = new Promise<void>((resolve) => (onStuck = resolve))
  const watchdog = setInterval(() => {
    const found = watch.stuck(stuckMs)
    if (found.length === 0) return
    for (const entry of found.slice(0, 5)) {
      ledger.fail(
        `stuck for over ${stuckMs} ms (${entry.key})`,
        entry.plan,
        entry.shape,
      )
    }
    stop = true
    onStuck()
  }, 1_000)

  const heapCheckpoints: { requests: number; heapUsed: number }[] = []
  const segments = checkpoints + 1
  // One server for the whole run: fetch keeps a connection pool per origin, so a
  // server on a new port per segment would grow the client's heap, not shallot's.
  const driver = httpShare > 0 ? await HttpDriver.start(ledger, watch) : undefined
  try {
    for (let segment = 0; segment < segments && !stop; segment++) {
      const end = Math.round((requests * (segment + 1)) / segments)
      const worker = async (): Promise<void> => {
        while (!stop && next < end) {
          const id = next++
          if (stackLeft === 0) {
            shape = drawStack(random)
            handler = buildStack(
              shape,
              shape.logger === 'throws' ? throwingLogger : stackLogger,
            )
            stackLeft = random.between(1, 400)
            stacks++
          }
          stackLeft--
          const viaHttp = driver !== undefined && random.chance(httpShare)
          const plan = drawPlan(
            random,
            id,
            shape.kinds.length,
            viaHttp ? 'http' : 'local',
          )
          const [thisShape, thisHandler] = [shape, handler]
          if (viaHttp) http++
          else local++
          await watch.around(`request ${id}`, plan, thisShape, () =>
            viaHttp
              ? driver.send(thisHandler, plan, thisShape)
              : sendLocal(thisHandler, plan, thisShape, ledger),
          )
        }
      }
      const workers = Array.from({ length: concurrency }, worker)
      await Promise.race([Promise.all(workers).then(() => watch.drained()), stuck])
      driver?.forget()
      const heapUsed = await settledHeap()
      if (heapUsed !== undefined) heapCheckpoints.push({ requests: next, heapUsed })
      const seconds = (performance.now() - started) / 1000
      progress(
        `${segment === 0 ? 'warm-up' : `checkpoint ${segment}/${checkpoints}`}: ` +
          `${next.toLocaleString('en')} requests, ${seconds.toFixed(1)} s` +
          (heapUsed === undefined
            ? ''
            : `, heap ${(heapUsed / 1048576).toFixed(2)} MB`),
      )
    }
  } finally {
    clearInterval(watchdog)
    await driver?.close()
  }
  const durationMs = performance.now() - started
  // Late rejections and exceptions surface within a few turns of the event loop, so
  // the guards stay until the resources are back (or 3 s have passed).
  const resourcesLeft = await resourcesBackTo(resourcesBefore, 3_000)
  guards.remove()
  return {
    seed,
    requests: next,
    local,
    http,
    stacks,
    durationMs,
    ledger,
    heap:
      heapStart === undefined
        ? undefined
        : { start: heapStart, checkpoints: heapCheckpoints, limit: heapLimitBytes },
    unhandledRejections: guards.unhandledRejections.map(describe),
    uncaughtExceptions: guards.uncaughtExceptions.map(describe),
    warnings: guards.warnings.map(describe),
    resourcesLeft,
    listenerChanges: listenerChanges(listenersBefore, listenerCounts()),
    stuck: stop,
  }
}
