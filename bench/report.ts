/**
 * Turns the samples of every measuring process into the report: medians, paired
 * ratios to the baseline, the ns/layer slope, the targets, a markdown table.
 *
 * @module
 */
import { fitLine, median, quantile } from './stats.js'
import type { ProcessSamples } from './suite.js'
import { catalog } from './catalog.js'

/** The system every ratio is relative to. */
export const BASELINE = 'async'

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly availableParallelism: number
  readonly memoryGiB: number
  readonly platform: string
  readonly node: string
  readonly v8: string
  readonly date: string
}

export interface Settings {
  readonly processes: number
  readonly roundsPerProcess: number
  readonly repeat: number
  readonly batchMs: number
  readonly warmupMs: number
  readonly clock: string
  readonly gc: boolean
}

export interface Result {
  readonly n: number
  /** Median over every round of every process. */
  readonly nsPerRequest: number
  readonly q1: number
  readonly q3: number
  /** Median of the per-round ratios to the baseline; null without a baseline. */
  readonly ratio: number | null
}

export interface SystemReport {
  readonly id: string
  readonly label: string
  readonly results: readonly Result[]
  /** Least-squares slope of the medians over N. */
  readonly nsPerLayer: number
  /** Its intercept: what the stack costs apart from its layers. */
  readonly fixedNs: number
}

export interface Check {
  readonly name: string
  /** null when the run did not measure what the check needs. */
  readonly pass: boolean | null
  /** The ratio checked (the worst over the depths checked); undefined when not measured. */
  readonly value?: number | undefined
  readonly detail: string
}

export interface Report {
  readonly machine: Machine
  readonly settings: Settings
  readonly depths: readonly number[]
  readonly baseline: string
  readonly seconds: number
  readonly systems: readonly SystemReport[]
  readonly checks: readonly Check[]
  readonly goals: readonly Check[]
}

/** Every round of every process: `id@n` to the samples, and the paired ratios. */
function gather(processes: readonly ProcessSamples[]) {
  const samples = new Map<string, number[]>()
  const ratios = new Map<string, number[]>()
  const key = (id: string, n: number) => `${id}@${n}`
  for (const run of processes) {
    for (const c of run.cases) {
      const k = key(c.id, c.n)
      samples.set(k, [...(samples.get(k) ?? []), ...c.samples])
    }
    // Ratios of any two systems at the same N, round by round within a process.
    for (const a of run.cases) {
      for (const b of run.cases) {
        if (a.n !== b.n) continue
        const k = `${key(a.id, a.n)}/${b.id}`
        const paired = a.samples.map((x, round) => x / b.samples[round]!)
        ratios.set(k, [...(ratios.get(k) ?? []), ...paired])
      }
    }
  }
  return {
    samples: (id: string, n: number) => samples.get(key(id, n)),
    /** Median over rounds of a's sample over b's sample of the same round. */
    ratio: (a: string, b: string, n: number): number | undefined => {
      const list = ratios.get(`${key(a, n)}/${b}`)
      return list === undefined ? undefined : median(list)
    },
  }
}

export const fmtRatio = (x: number): string => `${x.toFixed(2)}×`
const fmtNs = (x: number): string =>
  x >= 10_000 ? `${(x / 1000).toFixed(1)} µs` : `${Math.round(x)} ns`

export function buildReport(
  processes: readonly ProcessSamples[],
  machine: Machine,
  settings: Settings,
): Report {
  const { samples, ratio } = gather(processes)
  const depths = [...new Set(processes.flatMap((p) => p.cases.map((c) => c.n)))].sort(
    (a, b) => a - b,
  )
  const measured = new Set(processes.flatMap((p) => p.cases.map((c) => c.id)))
  const report: SystemReport[] = catalog
    .filter((system) => measured.has(system.id))
    .map((system) => {
      const results = depths.flatMap((n): Result[] => {
        const list = samples(system.id, n)
        if (list === undefined) return []
        return [
          {
            n,
            nsPerRequest: median(list),
            q1: quantile(list, 0.25),
            q3: quantile(list, 0.75),
            ratio: ratio(system.id, BASELINE, n) ?? null,
          },
        ]
      })
      const line = fitLine(
        results.map((r) => r.n),
        results.map((r) => r.nsPerRequest),
      )
      return {
        id: system.id,
        label: system.label,
        results,
        nsPerLayer: line.slope,
        fixedNs: line.intercept,
      }
    })

  /** Passes when `ok` holds at every depth in `at`; the detail shows every depth. */
  const check = (
    name: string,
    at: readonly number[],
    a: string,
    b: string,
    ok: (x: number) => boolean,
  ): Check => {
    let pass: boolean | null = true
    for (const n of at) {
      const x = ratio(a, b, n)
      if (x === undefined) pass = null
      else if (!ok(x) && pass !== null) pass = false
    }
    const detail = depths
      .map((n) => {
        const x = ratio(a, b, n)
        const text = `N=${n} ${x === undefined ? 'n/a' : fmtRatio(x)}`
        return at.length < depths.length && at.includes(n) ? `**${text}**` : text
      })
      .join(', ')
    const values = at.flatMap((n) => ratio(a, b, n) ?? [])
    // The worst value: the largest for an upper bound, the smallest for a lower one.
    const worst = ok(-Infinity) ? Math.max(...values) : Math.min(...values)
    return {
      name,
      pass: depths.some((n) => at.includes(n)) ? pass : null,
      detail,
      value: values.length === 0 ? undefined : worst,
    }
  }

  const checks = [
    check(
      'compose ≤ 1.05× hand-written async closures at every N',
      depths,
      'compose',
      BASELINE,
      (x) => x <= 1.05,
    ),
    check(
      'createHandler ≤ 1.7× hand-written async closures at N = 10',
      [10],
      'createHandler',
      BASELINE,
      (x) => x <= 1.7,
    ),
    check(
      'createHandler ≥ 1.5× faster than Hono compose at N = 10 (Hono time / ours)',
      [10],
      'honoCompose',
      'createHandler',
      (x) => x >= 1.5,
    ),
    check(
      'createHandler ≥ 1.25× faster than Middy at N = 10 (Middy time / ours)',
      [10],
      'middy',
      'createHandler',
      (x) => x >= 1.25,
    ),
    check(
      'reference: one `.catch` per layer ≤ 1.7× hand-written async closures at N = 10',
      [10],
      'asyncCatch',
      BASELINE,
      (x) => x <= 1.7,
    ),
  ]
  const slope = (id: string) => report.find((s) => s.id === id)?.nsPerLayer
  /** Slope of `a` over slope of `b`: what one layer of each costs, compared. */
  const perLayer = (name: string, a: string, b: string, limit?: number): Check => {
    const x = slope(a)
    const y = slope(b)
    const both = x !== undefined && y !== undefined
    return {
      name,
      pass: both && limit !== undefined ? x / y <= limit : null,
      value: both ? x / y : undefined,
      detail: both
        ? `${x.toFixed(1)} / ${y.toFixed(1)} ns = ${fmtRatio(x / y)}`
        : 'n/a',
    }
  }
  const goals: Check[] = [
    perLayer(
      'goal: a fromHooks layer ≤ 1.5× a native createHandler layer (ns/layer)',
      'fromHooks',
      'createHandler',
      1.5,
    ),
    perLayer(
      'reference: a fromKoa layer to a koa-compose layer (ns/layer)',
      'fromKoa',
      'koa',
    ),
    perLayer(
      'reference: a fromMiddy layer to a Middy layer (ns/layer)',
      'fromMiddy',
      'middy',
    ),
  ]
  return {
    machine,
    settings,
    depths,
    baseline: BASELINE,
    seconds: processes.reduce((sum, p) => sum + p.seconds, 0),
    systems: report,
    checks,
    goals,
  }
}

/** The machine, as the report's first line says it. */
export const machineLine = (m: Machine): string =>
  `Machine: ${m.cpu}, ${m.cores} cores (${m.availableParallelism} available), ` +
  `${m.memoryGiB} GiB, ${m.platform}`

/** The dispatch table of one Node, with its targets. */
export function markdown(report: Report): string {
  const { machine: m, settings: s, depths } = report
  const lines = [
    `### Dispatch on Node ${m.node}`,
    '',
    `Node ${m.node} (V8 ${m.v8}), ${m.date}`,
    `Settings: ${s.processes} processes (each its own build and warm-up order) × ` +
      `${s.roundsPerProcess} interleaved rounds; a sample is the best of ${s.repeat} ` +
      `batches of ~${s.batchMs} ms; ${s.clock} clock; forced gc: ${s.gc ? 'yes' : 'no'}; ` +
      `${report.seconds.toFixed(1)} s measuring`,
    '',
    `ns per request, median of all rounds; in brackets the ratio to hand-written ` +
      `async closures at the same N (median of per-round ratios).`,
    '',
    `| system | ${depths.map((n) => `N = ${n}`).join(' | ')} | ns/layer | fixed ns |`,
    `| --- | ${depths.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ]
  for (const system of report.systems) {
    const cells = depths.map((n) => {
      const r = system.results.find((x) => x.n === n)
      if (r === undefined) return 'n/a'
      const ns = fmtNs(r.nsPerRequest)
      return r.ratio === null ? ns : `${ns} (${fmtRatio(r.ratio)})`
    })
    lines.push(
      `| ${system.label} | ${cells.join(' | ')} | ${system.nsPerLayer.toFixed(1)} | ` +
        `${Math.round(system.fixedNs)} |`,
    )
  }
  const spreads = report.systems.flatMap((x) =>
    x.results.map((r) => (r.q3 - r.q1) / r.nsPerRequest),
  )
  lines.push(
    '',
    `Spread: interquartile range of the samples, median ${(median(spreads) * 100).toFixed(1)}%` +
      `, largest ${(Math.max(...spreads) * 100).toFixed(1)}% of the median.`,
    '',
    'Targets:',
  )
  const mark = (pass: boolean | null) =>
    pass === null ? 'N/A ' : pass ? 'PASS' : 'FAIL'
  for (const c of [...report.checks, ...report.goals]) {
    lines.push(`- ${mark(c.pass)} ${c.name}: ${c.detail}`)
  }
  return lines.join('\n')
}
