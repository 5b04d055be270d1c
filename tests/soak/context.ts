/**
 * What the layers and the view of a soak stack know about the request in hand: its
 * plan, the run's tally, and the view's body stream once made. Found from the request
 * object itself, so that a stack serves in-process and HTTP requests alike.
 */
import type { Plan } from './plan.js'

/** Counts by name, for the figures a run prints. */
export class Tally {
  readonly #counts = new Map<string, number>()

  add(name: string, by = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + by)
  }

  get(name: string): number {
    return this.#counts.get(name) ?? 0
  }

  /** The counts, largest first. */
  entries(): [string, number][] {
    return [...this.#counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  }
}

/** The view's body stream: whether it ended (closed, errored, cancelled, aborted). */
export interface Source {
  settled: false | 'closed' | 'errored' | 'cancelled' | 'aborted'
  /** Resolves when it settles. */
  readonly done: Promise<void>
}

export interface RequestContext {
  readonly plan: Plan
  /** Faults and events, counted as they happen (not as planned). */
  readonly faults: Tally
  source?: Source
}

/** The ending of a request whose body failed mid-stream, as its plan says it must. */
export const FAILED = 'body failed mid-stream, as planned'

const contexts = new WeakMap<Request, RequestContext>()

/** Makes `context` the one the stack finds for `request`. */
export function attach(request: Request, context: RequestContext): void {
  contexts.set(request, context)
}

/** The context of a request the harness sent; throws for any other. */
export function contextOf(request: Request): RequestContext {
  const context = contexts.get(request)
  if (context === undefined) throw new Error('soak: a request without a plan')
  return context
}
