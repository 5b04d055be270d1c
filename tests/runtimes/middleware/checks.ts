/** Every case's HTTP assertions, in the order of stacks.ts. One line per middleware. */
import type { MiddlewareChecks } from './case.js'

export const checks: readonly MiddlewareChecks[] = [
  // checks: one per middleware module
]
