/**
 * Where a soak run keeps its counts and its failures. A failure names the request,
 * its stack and its plan, so it can be read (and rebuilt) without the run.
 */
import { Tally } from './context.js'
import type { Plan, StackShape } from './plan.js'

/** Failures kept in full; the rest are only counted. */
const KEPT = 20

export class Ledger {
  /** Faults injected, counted as they happen. */
  readonly faults = new Tally()
  /** Responses received, by status. */
  readonly statuses = new Tally()
  /** How each request ended: `complete`, or `aborted (<client>)`. */
  readonly endings = new Tally()
  /** Other events: bodies that failed mid-stream, server-side closes, log lines. */
  readonly events = new Tally()
  readonly failures: string[] = []
  failureCount = 0

  fail(message: string, plan?: Plan, shape?: StackShape): void {
    this.failureCount++
    if (this.failures.length >= KEPT) return
    const detail =
      plan === undefined
        ? ''
        : `\n    stack: ${JSON.stringify(shape)}\n    plan: ${JSON.stringify(plan)}`
    this.failures.push(
      plan === undefined ? message : `request ${plan.id}: ${message}${detail}`,
    )
  }
}
