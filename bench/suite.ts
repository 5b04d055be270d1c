/**
 * One measuring process: builds every selected system at every depth, calibrates and
 * warms them up, then times them in interleaved rounds and writes the raw samples
 * (ns per request) as JSON to `--out`. `index.ts` runs several of these on an esbuild
 * bundle, each with a different order (`--order`), and reports on all the samples.
 *
 * @module
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { systems, type Entry, type System } from './systems.js'

export interface ProcessSamples {
  /** This process's order index (see `--order`). */
  readonly order: number
  readonly clock: 'wall' | 'cpu'
  readonly seconds: number
  /** Per case: `samples[round]` is ns per request, rounds in time order. */
  readonly cases: readonly {
    readonly id: string
    readonly n: number
    readonly batch: number
    readonly samples: readonly number[]
  }[]
}

type Run = (k: number) => void | Promise<void>

interface Case {
  readonly system: System
  readonly n: number
  readonly run: Run
  k: number
  readonly samples: number[]
}

/**
 * A timing loop of its own for every case, so that the call of the entry is
 * monomorphic in each (as a server's single call site is) and no system's feedback
 * leaks into another's. It checks every response, so nothing is optimised away.
 */
function runner(
  entry: Entry,
  request: Request,
  expected: Response,
  sync: boolean,
): Run {
  const loop = sync
    ? 'return function run(k) { for (let i = 0; i < k; i++) if (entry(request) !== expected) throw new Error("wrong response") }'
    : 'return async function run(k) { for (let i = 0; i < k; i++) if ((await entry(request)) !== expected) throw new Error("wrong response") }'
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a loop compiled per case keeps its call site to itself
  const make = new Function('entry', 'request', 'expected', loop) as (
    entry: Entry,
    request: Request,
    expected: Response,
  ) => Run
  return make(entry, request, expected)
}

/** Rotates by `by`, then reverses when `reverse`: the order of a process. */
function arrange<T>(items: readonly T[], by: number, reverse: boolean): T[] {
  const shift = items.length === 0 ? 0 : by % items.length
  const rotated = [...items.slice(shift), ...items.slice(0, shift)]
  return reverse ? rotated.reverse() : rotated
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      out: { type: 'string' },
      n: { type: 'string', default: '1,5,10,20,50' },
      only: { type: 'string' },
      order: { type: 'string', default: '0' },
      rounds: { type: 'string', default: '11' },
      'batch-ms': { type: 'string', default: '4' },
      repeat: { type: 'string', default: '3' },
      'warmup-ms': { type: 'string', default: '100' },
      clock: { type: 'string', default: 'wall' },
      gc: { type: 'boolean', default: false },
    },
  })
  const depths = flags.n.split(',').map(Number)
  const rounds = Number(flags.rounds)
  const batchMs = Number(flags['batch-ms'])
  const repeat = Number(flags.repeat)
  const warmupMs = Number(flags['warmup-ms'])
  const order = Number(flags.order)
  const clock = flags.clock === 'cpu' ? 'cpu' : 'wall'
  const only = flags.only?.split(',')
  // A forced full GC ages code: with many cases, V8 may flush a case's code between
  // two of its batches. Off unless asked for.
  const gc = flags.gc ? (globalThis as { gc?: () => void }).gc : undefined

  // `cpu` is the process's user + system CPU time: it leaves out the time other
  // processes had the core, but counts the work of V8's helper threads.
  const now =
    clock === 'cpu'
      ? () => {
          const { user, system } = process.cpuUsage()
          return (user + system) / 1000
        }
      : () => performance.now()

  /** Milliseconds for `k` requests. */
  const time = async (run: Run, k: number): Promise<number> => {
    const start = now()
    const pending = run(k)
    if (pending !== undefined) await pending
    return now() - start
  }

  // Which case is built, calibrated and warmed first changes how fast identical code
  // runs (JIT history, code placement), so each process takes another order.
  const chosen = systems.filter((system) => !only || only.includes(system.id))
  const ordered = arrange(chosen, Math.floor(order / 2) * 3, order % 2 === 1)
  const request = new Request('http://localhost/')
  const response = new Response('ok')
  const cases: Case[] = []
  for (const system of ordered) {
    for (const n of arrange(depths, order, false)) {
      const entry = system.build(n, response)
      const run = runner(entry, request, response, system.sync === true)
      cases.push({ system, n, run, k: 1, samples: [] })
    }
  }

  const started = performance.now()
  // Calibrate: a batch of `k` requests takes about batchMs.
  for (const c of cases) {
    let k = 16
    for (;;) {
      const ms = await time(c.run, k)
      if (ms >= batchMs / 4 || k >= 1 << 24) {
        c.k = Math.max(1, Math.round((k * batchMs) / Math.max(ms, 1e-3)))
        break
      }
      k *= 4
    }
  }
  // Warm up, round robin, so every case reaches its steady state; then size the
  // batches again, on warm code (the first estimate includes compiling).
  const warmUntil = performance.now() + warmupMs * cases.length
  while (performance.now() < warmUntil) {
    for (const c of cases) await time(c.run, c.k)
  }
  for (const c of cases) {
    let ms = Infinity
    for (let r = 0; r < repeat; r++) ms = Math.min(ms, await time(c.run, c.k))
    c.k = Math.max(1, Math.round((c.k * batchMs) / Math.max(ms, 1e-3)))
  }
  // Interleaved rounds: each depth in turn, every system at that depth back to back
  // (both orders rotated each round), so a sample and the baseline sample it is
  // divided by are taken close together. A sample is the best of `repeat` batches.
  const groups = depths.map((n) => cases.filter((c) => c.n === n))
  for (let round = 0; round < rounds; round++) {
    for (let g = 0; g < groups.length; g++) {
      const group = groups[(g + round) % groups.length]!
      for (let i = 0; i < group.length; i++) {
        const c = group[(i + round) % group.length]!
        let best = Infinity
        for (let r = 0; r < repeat; r++) {
          gc?.()
          best = Math.min(best, await time(c.run, c.k))
        }
        c.samples.push((best * 1e6) / c.k)
      }
    }
  }

  const result: ProcessSamples = {
    order,
    clock,
    seconds: (performance.now() - started) / 1000,
    cases: cases.map((c) => ({
      id: c.system.id,
      n: c.n,
      batch: c.k,
      samples: c.samples,
    })),
  }
  const text = JSON.stringify(result)
  if (flags.out) writeFileSync(flags.out, text)
  else process.stdout.write(`${text}\n`)
}

await main()
