/**
 * Every case's handler behind one dispatcher, by path prefix: what Node and workerd
 * serve in the runtime middleware suite. One line per built-in middleware.
 */
import type { Handler } from '../../../src/index.js'
import type { MiddlewareCase } from './case.js'

export const cases: readonly MiddlewareCase[] = [
  // cases: one per middleware module
]

/** Routes a request to the case whose prefix matches its path; 404 for none. */
export function dispatch(): Handler {
  return async (request) => {
    const { pathname } = new URL(request.url)
    const match = cases.find(
      ({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`),
    )
    return match === undefined
      ? new Response('no such case', { status: 404 })
      : match.handler(request)
  }
}
