/** Every case's HTTP assertions, in the order of stacks.ts. One line per middleware. */
import type { MiddlewareChecks } from './case.js'
import { bodyLimitChecks } from './body-limit.checks.js'
import { compressChecks } from './compress.checks.js'
import { timeoutChecks } from './timeout.checks.js'
import { requestIdChecks } from './request-id.checks.js'
import { serverTimingChecks } from './server-timing.checks.js'
import { allowedHostsChecks } from './allowed-hosts.checks.js'
import { commonChecks } from './common.checks.js'
import { securityHeadersChecks } from './security-headers.checks.js'
import { conditionalGetChecks } from './conditional-get.checks.js'
import { corsChecks } from './cors.checks.js'
import { validateChecks } from './validate.checks.js'
import { authenticationChecks } from './authentication.checks.js'

export const checks: readonly MiddlewareChecks[] = [
  // checks: one per middleware module
  compressChecks,
  bodyLimitChecks,
  timeoutChecks,
  requestIdChecks,
  serverTimingChecks,
  securityHeadersChecks,
  allowedHostsChecks,
  commonChecks,
  corsChecks,
  conditionalGetChecks,
  validateChecks,
  authenticationChecks,
]
