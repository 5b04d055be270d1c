/**
 * `cors`: the server's side of the Fetch standard's CORS protocol (preflights, the
 * `Access-Control-*` response headers and `Vary: Origin`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { editHeaders, patchVary } from '../../internal/header-edits.js'
import { isToken } from '../../internal/http-token.js'
import { assertOptions } from '../../internal/option-checks.js'
import { isSerializedOrigin } from '../../internal/origin.js'

/**
 * The options of {@link cors}. Only `origin` is required: which origins may read the
 * responses is a decision to make, not a default to inherit.
 */
export interface CorsOptions {
  /**
   * The origins allowed to read responses: `'*'` for any, one serialized origin
   * (`'https://app.example.com'`: scheme, host and port, no path or trailing slash), a
   * list of them, or a function deciding per request (it may be async).
   */
  readonly origin:
    | '*'
    | string
    | readonly string[]
    | ((origin: string, request: Request) => boolean | Promise<boolean>)
  /**
   * The methods a preflight allows, sent as `Access-Control-Allow-Methods`. Default:
   * `GET`, `HEAD`, `PUT`, `POST`, `DELETE`, `PATCH`.
   */
  readonly methods?: readonly string[]
  /**
   * The request headers a preflight allows: a list (case-insensitive), or `'*'` for
   * any. Only the requested headers that are allowed are sent back in
   * `Access-Control-Allow-Headers`. Default: `[]`, only the CORS-safelisted headers.
   */
  readonly allowHeaders?: '*' | readonly string[]
  /** The response headers scripts may read, as `Access-Control-Expose-Headers`. Default: `[]`. */
  readonly exposeHeaders?: readonly string[]
  /**
   * Whether cookies and HTTP authentication may come along
   * (`Access-Control-Allow-Credentials: true`). Needs a list of origins or a function:
   * with `origin: '*'` it fails the build, since it would let every site read
   * credentialed responses. Default: `false`.
   */
  readonly credentials?: boolean
  /**
   * How long, in seconds, a browser may cache a preflight's answer
   * (`Access-Control-Max-Age`). Default: not sent, so browsers use their own (5 seconds).
   */
  readonly maxAge?: number
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'] as const

/**
 * Answers CORS preflights and adds the CORS response headers to the responses of
 * allowed origins, following the Fetch standard's CORS protocol (§3.2).
 *
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is
 *   answered here with a 204; the view never sees it.
 * - Any other request with an `Origin` goes to the view; if the origin is allowed, its
 *   response gets `Access-Control-Allow-Origin` and the other headers.
 * - A disallowed origin gets no CORS headers (the browser then blocks the response)
 *   and no error. `Origin: null` is never allowed by a list or a function: unrelated
 *   sandboxed documents all send it.
 * - A request without `Origin` passes untouched, except for the caching headers of
 *   the Fetch standard's "CORS protocol and HTTP caches": `Vary: Origin` whenever the
 *   answer depends on the origin, and with `origin: '*'`
 *   `Access-Control-Allow-Origin: *` on every response.
 *
 * @param options - See {@link CorsOptions}; `origin` is required.
 * @returns The middleware.
 * @throws ImproperlyConfigured at once for an option of the wrong shape, naming it and
 *   the bad value (`cors(): options.origin must be ...`).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { cors } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [cors({ origin: ['https://app.example.com'], maxAge: 600 })],
 *   view: () => Response.json({ ok: true }),
 * })
 * const response = await handler(
 *   new Request('https://api.example.com/', {
 *     headers: { origin: 'https://app.example.com' },
 *   }),
 * )
 * console.log(response.headers.get('access-control-allow-origin')) // https://app.example.com
 * console.log(response.headers.get('vary')) // Origin
 * ```
 */
export function cors(options: CorsOptions): Middleware {
  const config = validate(options)
  return function cors(getResponse) {
    return async (request) => {
      const origin = request.headers.get('origin')
      const preflight =
        request.method === 'OPTIONS' &&
        origin !== null &&
        request.headers.has('access-control-request-method')
      // `Origin: null` (sandboxed frames, file: pages, some redirects) is shared by
      // unrelated documents, so it is never one of the allowed origins.
      // With '*' it may still get `*`, which names no origin.
      const allowed =
        origin !== null &&
        (origin !== 'null' || config.wildcard) &&
        (await config.allows(origin, request))
      const allowOrigin = config.wildcard ? '*' : origin

      if (preflight) {
        const headers = new Headers()
        if (!config.wildcard) patchVary(headers, 'Origin')
        patchVary(headers, 'Access-Control-Request-Headers')
        if (allowed && allowOrigin !== null) {
          headers.set('access-control-allow-origin', allowOrigin)
          if (config.credentials)
            headers.set('access-control-allow-credentials', 'true')
          headers.set('access-control-allow-methods', config.methods)
          const requested = allowedRequestHeaders(request, config.allowHeaders)
          if (requested !== '') headers.set('access-control-allow-headers', requested)
          if (config.maxAge !== undefined)
            headers.set('access-control-max-age', String(config.maxAge))
        }
        return new Response(null, { status: 204, headers })
      }

      const response = await getResponse(request)
      return editHeaders(response, (headers) => {
        if (!config.wildcard) patchVary(headers, 'Origin')
        // Without an Origin only '*' may be sent: see the "HTTP caches" note above.
        if (origin === null ? !config.wildcard : !allowed) return
        // Not null here: an allowed Origin was sent, or the answer is '*'.
        headers.set('access-control-allow-origin', allowOrigin!)
        if (config.credentials) headers.set('access-control-allow-credentials', 'true')
        if (config.exposeHeaders !== '')
          headers.set('access-control-expose-headers', config.exposeHeaders)
      })
    }
  }
}

interface CorsConfig {
  /** `Access-Control-Allow-Origin: *` for everyone: the answer never depends on the origin. */
  readonly wildcard: boolean
  readonly allows: (origin: string, request: Request) => boolean | Promise<boolean>
  readonly methods: string
  readonly allowHeaders: '*' | ReadonlySet<string>
  readonly exposeHeaders: string
  readonly credentials: boolean
  readonly maxAge: number | undefined
}

/** The requested headers (`Access-Control-Request-Headers`) that are allowed, joined. */
function allowedRequestHeaders(request: Request, allowed: CorsConfig['allowHeaders']) {
  return (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && (allowed === '*' || allowed.has(name)))
    .join(', ')
}

function validate(options: CorsOptions): CorsConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ImproperlyConfigured(
      `cors() needs an options object with an origin, got ${show(options, "'")}.`,
    )
  }
  assertOptions(
    options,
    ['origin', 'methods', 'allowHeaders', 'exposeHeaders', 'credentials', 'maxAge'],
    'cors()',
  )
  const credentials = options.credentials ?? false
  if (typeof credentials !== 'boolean') bad('credentials', 'true or false', credentials)
  if (credentials && options.origin === '*') {
    throw new ImproperlyConfigured(
      "cors(): origin '*' with credentials: true would let every site read responses made with the user's cookies; list the allowed origins (or pass a function) instead.",
    )
  }
  const maxAge = options.maxAge
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    bad('maxAge', 'a whole number of seconds, 0 or more', maxAge)
  }
  return {
    wildcard: options.origin === '*',
    allows: originTest(options.origin),
    methods: tokens('methods', options.methods ?? DEFAULT_METHODS).join(', '),
    allowHeaders:
      options.allowHeaders === '*'
        ? '*'
        : new Set(
            tokens('allowHeaders', options.allowHeaders ?? []).map((name) =>
              name.toLowerCase(),
            ),
          ),
    exposeHeaders: tokens('exposeHeaders', options.exposeHeaders ?? []).join(', '),
    credentials,
    maxAge,
  }
}

function originTest(origin: unknown): CorsConfig['allows'] {
  const expected =
    "'*', an origin such as 'https://example.com', a non-empty list of origins or a function"
  if (origin === '*') return () => true
  if (typeof origin === 'function') {
    return origin as (origin: string, request: Request) => boolean | Promise<boolean>
  }
  const list = typeof origin === 'string' ? [origin] : origin
  if (!Array.isArray(list) || list.length === 0) bad('origin', expected, origin)
  for (const item of list as unknown[]) {
    if (!isSerializedOrigin(item)) bad('origin', expected, item)
  }
  const set = new Set<string>(list as string[])
  return (requestOrigin) => set.has(requestOrigin)
}

function tokens(name: keyof CorsOptions, value: unknown): string[] {
  if (!Array.isArray(value)) bad(name, 'a list of header or method names', value)
  for (const item of value as unknown[]) {
    if (!isToken(item)) {
      bad(name, 'a list of header or method names', item)
    }
  }
  return value as string[]
}

function bad(name: keyof CorsOptions, expected: string, value: unknown): never {
  throw new ImproperlyConfigured(
    `cors(): options.${name} must be ${expected}, got ${show(value, "'")}.`,
  )
}
