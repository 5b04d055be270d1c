/**
 * `shallot/middleware`: the built-in middleware, each a native factory that works on
 * every runtime and never buffers a streaming body (Django's built-in middleware,
 * Hono's middleware folder).
 *
 * @packageDocumentation
 */
// security headers, host validation, common
// CORS, conditional GET
// compression, body limit, timeout
// request id, timing
