/**
 * Every case's handler behind one dispatcher, by path prefix: what Node and workerd
 * serve in the runtime middleware suite. One line per built-in middleware.
 */
import type { Handler } from '../../../src/index.js'
import type { MiddlewareCase } from './case.js'
import { bodyLimitCase } from './body-limit.stack.js'
import { compressCase } from './compress.stack.js'
import { timeoutCase } from './timeout.stack.js'
import { requestIdCase } from './request-id.stack.js'
import { serverTimingCase } from './server-timing.stack.js'
import { allowedHostsCase } from './allowed-hosts.stack.js'
import { commonCase } from './common.stack.js'
import { securityHeadersCase } from './security-headers.stack.js'
import { conditionalGetCase } from './conditional-get.stack.js'
import { corsCase } from './cors.stack.js'
import { validateCase } from './validate.stack.js'
import { authenticationCase } from './authentication.stack.js'

export const cases: readonly MiddlewareCase[] = [
  // cases: one per middleware module
  compressCase,
  bodyLimitCase,
  timeoutCase,
  requestIdCase,
  serverTimingCase,
  securityHeadersCase,
  allowedHostsCase,
  commonCase,
  corsCase,
  conditionalGetCase,
  validateCase,
  authenticationCase,
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
