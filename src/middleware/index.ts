/**
 * `shallot/middleware`: the built-in middleware, each a native factory that works on
 * every runtime and never buffers a streaming body (Django's built-in middleware,
 * Hono's middleware folder).
 *
 * @module shallot/middleware
 */
// security headers, host validation, common
export { allowedHosts } from './allowed-hosts/index.js'
export { common, type CommonOptions } from './common/index.js'
export { exemptFromFrameOptions } from '../internal/frame-exempt.js'
export {
  securityHeaders,
  type SecurityHeadersOptions,
} from './security-headers/index.js'
// CORS, conditional GET
export { cors, type CorsOptions } from './cors/index.js'
export { conditionalGet, type ConditionalGetOptions } from './conditional-get/index.js'
// CSRF
export { csrf, type CsrfOptions } from './csrf/index.js'
// compression, body limit, timeout
export { compress, type CompressOptions } from './compress/index.js'
export { bodyLimit, type BodyLimitOptions } from './body-limit/index.js'
export { timeout, type TimeoutOptions } from './timeout/index.js'
// request id, timing
export { requestId, type RequestIdOptions } from './request-id/index.js'
export { serverTiming, type ServerTimingOptions } from './server-timing/index.js'
export { timed } from './server-timing/timed.js'
export {
  timingReport,
  type TimingReportOptions,
} from './server-timing/timing-report.js'
export type { TimingEntry } from './server-timing/timing-collector.js'
// sessions
export {
  session,
  cookieSessionStore,
  memorySessionStore,
  type Session,
  type SessionCookieOptions,
  type SessionData,
  type SessionOptions,
  type SessionStore,
} from './session/index.js'
// validated input
export {
  validate,
  type StandardSchemaV1,
  type ValidateSchemas,
  type Validated,
} from './validate/index.js'
// the current user
export {
  authentication,
  login,
  loginRequired,
  logout,
  type AuthenticationOptions,
  type LoginRequiredOptions,
  type UserId,
} from './authentication/index.js'
