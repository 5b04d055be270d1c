/**
 * A soak run's verdict (the assertions it failed, none for a pass) and its figures as
 * text.
 */
import type { SoakReport } from './harness.js'

const MB = 1024 * 1024
const number = (value: number): string => value.toLocaleString('en')
const mb = (bytes: number): string => `${(bytes / MB).toFixed(2)} MB`

/** Heap growth at each checkpoint after the warm-up, in bytes. */
export function heapGrowth(report: SoakReport): number[] {
  const [warm, ...later] = report.heap?.checkpoints ?? []
  return warm === undefined ? [] : later.map((point) => point.heapUsed - warm.heapUsed)
}

/** Every failed assertion of the run, grouped by kind; empty when it passed. */
export function verdict(report: SoakReport): string[] {
  const problems: string[] = []
  const { ledger } = report
  if (ledger.failureCount > 0) {
    problems.push(`${number(ledger.failureCount)} requests failed:`, ...ledger.failures)
  }
  let ended = 0
  for (const [, count] of ledger.endings.entries()) ended += count
  if (ended !== report.requests) {
    problems.push(
      `${number(report.requests)} requests sent, but ${number(ended)} got a response or a clean abort`,
    )
  }
  if (report.stuck) problems.push('the run stopped on a stuck request')
  for (const [label, list] of [
    ['unhandled rejections', report.unhandledRejections],
    ['uncaught exceptions', report.uncaughtExceptions],
    ['process warnings', report.warnings],
  ] as const) {
    if (list.length > 0) problems.push(`${list.length} ${label}:`, ...list.slice(0, 5))
  }
  if (report.resourcesLeft.length > 0) {
    problems.push(`resources left behind: ${report.resourcesLeft.join(', ')}`)
  }
  if (report.listenerChanges.length > 0) {
    problems.push(`process listeners changed: ${report.listenerChanges.join(', ')}`)
  }
  if (report.heap !== undefined) {
    const worst = Math.max(0, ...heapGrowth(report))
    if (worst > report.heap.limit) {
      problems.push(
        `the heap grew by ${mb(worst)} after the warm-up (limit ${mb(report.heap.limit)})`,
      )
    }
  }
  return problems
}

function tallyLine(entries: [string, number][]): string {
  return entries.map(([name, count]) => `${name} ${number(count)}`).join(' · ')
}

/** The figures of a run, as `npm run soak` prints them. */
export function formatReport(report: SoakReport): string {
  const { ledger } = report
  const seconds = report.durationMs / 1000
  const faults = ledger.faults.entries()
  let faultTotal = 0
  for (const [, count] of faults) faultTotal += count
  const lines = [
    `seed ${report.seed}: ${number(report.requests)} requests (${number(report.local)} in-process, ${number(report.http)} over HTTP) through ${number(report.stacks)} random stacks`,
    `duration ${seconds.toFixed(1)} s (${number(Math.round(report.requests / seconds))} requests/s), Node ${process.version}`,
    `endings: ${tallyLine(ledger.endings.entries())}`,
    `responses by status: ${tallyLine(ledger.statuses.entries().sort((a, b) => a[0].localeCompare(b[0])))}`,
    `faults injected (${number(faultTotal)}): ${tallyLine(faults)}`,
    `events: ${tallyLine(ledger.events.entries())}`,
  ]
  if (report.heap === undefined) {
    lines.push('heap: not measured (global.gc is missing; run node with --expose-gc)')
  } else {
    const growth = heapGrowth(report)
    const points = report.heap.checkpoints.map((point) => mb(point.heapUsed)).join(', ')
    lines.push(
      `heap used after GC: start ${mb(report.heap.start)}; warm-up, then checkpoints: ${points}`,
      `heap growth after the warm-up: max ${mb(Math.max(0, ...growth))}, at the end ${mb(growth.at(-1) ?? 0)} (limit ${mb(report.heap.limit)})`,
    )
  }
  lines.push(
    `process: ${report.unhandledRejections.length} unhandled rejections, ${report.uncaughtExceptions.length} uncaught exceptions, ${report.warnings.length} warnings; resources left: ${report.resourcesLeft.join(', ') || 'none'}; process listeners: ${report.listenerChanges.join(', ') || 'unchanged'}`,
  )
  return lines.join('\n')
}
