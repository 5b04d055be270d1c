/**
 * One built-in middleware's part of the runtime middleware suite: a handler serving
 * the paths under `prefix` (runtime-neutral, bundled for workerd), and in a separate
 * `<name>.checks.ts` the HTTP assertions against it.
 */
import type { Handler } from '../../../src/index.js'

export interface MiddlewareCase {
  /** The paths this case owns: `/cors` owns `/cors` and `/cors/...`. */
  readonly prefix: string
  /** A stack of its own (`createHandler` with the middleware under test). */
  readonly handler: Handler
}

/** Defines `it` blocks; `url('/cors/x')` is the absolute URL on the running server. */
export type MiddlewareChecks = (url: (path: string) => string) => void
