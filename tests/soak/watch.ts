/**
 * Liveness: every request in flight, and every server-side answer still being
 * written, with when it started. A soak must not wait forever on one that never ends:
 * it reports it as stuck instead, with its plan.
 */
import type { Plan, StackShape } from './plan.js'

interface Entry {
  readonly since: number
  readonly plan: Plan
  readonly shape: StackShape
}

export interface Stuck extends Entry {
  readonly key: string
}

export class Watch {
  readonly #inflight = new Map<string, Entry>()
  readonly #obligations = new Set<Promise<void>>()

  /** Runs `work` for `key`, tracked while it runs. */
  async around<T>(
    key: string,
    plan: Plan,
    shape: StackShape,
    work: () => Promise<T>,
  ): Promise<T> {
    this.#inflight.set(key, { since: Date.now(), plan, shape })
    try {
      return await work()
    } finally {
      this.#inflight.delete(key)
    }
  }

  /** Tracks something that must end on its own (a server-side answer), until it does. */
  oblige(key: string, plan: Plan, shape: StackShape, done: Promise<void>): void {
    const tracked = this.around(key, plan, shape, () => done).finally(() =>
      this.#obligations.delete(tracked),
    )
    this.#obligations.add(tracked)
  }

  /** Resolves once every obligation made so far, and any made meanwhile, has ended. */
  async drained(): Promise<void> {
    while (this.#obligations.size > 0) await Promise.all([...this.#obligations])
  }

  /** What has been in flight for longer than `limitMs`. */
  stuck(limitMs: number): Stuck[] {
    const now = Date.now()
    return [...this.#inflight]
      .filter(([, entry]) => now - entry.since > limitMs)
      .map(([key, entry]) => ({ key, ...entry }))
  }
}
