/**
 * `shallot/middleware`: the built-in middleware, each a native factory that works on
 * every runtime and never buffers a streaming body (Django's built-in middleware,
 * Hono's middleware folder).
 *
 * @module shallot/middleware
 */
// security headers, host validation, common
export { allowedHosts, type AllowedHostsOptions } from './allowed-hosts.js'
export { common, type CommonOptions } from './common.js'
export { exemptFromFrameOptions } from './frame-exempt.js'
export { securityHeaders, type SecurityHeadersOptions } from './security-headers.js'
// CORS, conditional GET
export { cors, type CorsOptions } from './cors.js'
export { conditionalGet, type ConditionalGetOptions } from './conditional-get.js'
// compression, body limit, timeout
export { compress, type CompressOptions } from './compress.js'
export { bodyLimit, type BodyLimitOptions } from './body-limit.js'
export { timeout, type TimeoutOptions } from './timeout.js'
// request id, timing
export { requestId, type RequestIdOptions } from './request-id.js'
export { serverTiming, type ServerTimingOptions } from './server-timing.js'
export { timed } from './timed.js'
export { timingReport, type TimingReportOptions } from './timing-report.js'
export type { TimingEntry } from './timing-collector.js'
