/**
 * Runs `allocation.ts` (bundled) in its own process and turns its samples into the
 * allocation section of the report.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AllocationSamples } from './allocation.js'
import { catalog } from './catalog.js'
import { median } from './stats.js'

export interface AllocationResult {
  readonly id: string
  readonly label: string
  /** Median bytes per request at each depth. */
  readonly bytes: Readonly<Record<number, number>>
}

/** Measures every system; `bundle` is allocation.ts bundled, `dir` a scratch folder. */
export function allocationBench(bundle: string, dir: string): AllocationResult[] {
  const out = join(dir, 'allocation.json')
  const child = spawnSync(
    process.execPath,
    // A young generation big enough for a whole batch: no scavenge inside it.
    [
      '--expose-gc',
      '--min-semi-space-size=128',
      '--max-semi-space-size=256',
      bundle,
      '--out',
      out,
    ],
    { stdio: 'inherit' },
  )
  if (child.status !== 0) throw new Error('the allocation process failed')
  const samples = JSON.parse(readFileSync(out, 'utf8')) as AllocationSamples
  const measured = catalog.filter(({ id }) => samples.cases.some((c) => c.id === id))
  return measured.map(({ id, label }) => {
    const bytes: Record<number, number> = {}
    for (const c of samples.cases.filter((c) => c.id === id)) {
      bytes[c.n] = c.bytes.length === 0 ? Number.NaN : median(c.bytes)
    }
    return { id, label, bytes }
  })
}

/** The section as markdown: bytes per request, and per layer between the depths. */
export function allocationMarkdown(results: readonly AllocationResult[]): string {
  const depths = Object.keys(results[0]?.bytes ?? {})
    .map(Number)
    .sort((a, b) => a - b)
  const low = depths[0]!
  const high = depths[depths.length - 1]!
  const cell = (value: number | undefined) =>
    value === undefined || Number.isNaN(value) ? 'n/a' : String(Math.round(value))
  return [
    '## Allocation',
    '',
    `Bytes allocated per request: heap growth over a batch of requests between a forced full collection and the batch's end, in a process with a young generation large enough that no collection runs during a batch (a batch that saw one is measured again); median of 5 batches after a warm-up. "per layer" is the slope between N = ${low} and N = ${high}.`,
    '',
    `| system | ${depths.map((n) => `N = ${n}`).join(' | ')} | per layer |`,
    `| --- | ${depths.map(() => '---:').join(' | ')} | ---: |`,
    ...results.map(
      (r) =>
        `| ${r.label} | ${depths.map((n) => cell(r.bytes[n])).join(' | ')} | ${cell((r.bytes[high]! - r.bytes[low]!) / (high - low))} |`,
    ),
  ].join('\n')
}
