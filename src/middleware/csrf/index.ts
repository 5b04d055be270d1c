/**
 * `csrf`: cross-site request forgery protection from the browser's own headers
 * (`Sec-Fetch-Site`, then `Origin`), with no token and no session.
 *
 * @module
 */
import { ImproperlyConfigured, PermissionDenied } from '../../errors.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { assertFunction, assertOptions } from '../../internal/option-checks.js'
import { isSerializedOrigin } from '../../internal/origin.js'

/** The options of {@link csrf}. Both are optional: `csrf()` protects every route. */
export interface CsrfOptions {
  /**
   * Other origins whose pages may send unsafe requests here (a front end on another
   * subdomain, say), each serialized as browsers send `Origin`:
   * `'https://app.example.com'` (scheme, host and port, no path or trailing slash).
   * Django's `CSRF_TRUSTED_ORIGINS`, without wildcards. Default: `[]`.
   */
  readonly trustedOrigins?: readonly string[]
  /**
   * Decides per request whether to skip the check (Django's `csrf_exempt`): only
   * `true` exempts, so a mistaken async function (a promise) exempts nothing. Default:
   * no request is exempt.
   */
  readonly exempt?: (request: Request) => boolean
}

// RFC 9110 §9.2.1: the methods that must not change state, so never need the check.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/**
 * Refuses cross-origin requests with unsafe methods (anything but `GET`, `HEAD`,
 * `OPTIONS` and `TRACE`): Django's `CsrfViewMiddleware`, decided from the headers
 * browsers add by themselves instead of a token, as modern frameworks do.
 *
 * - With `Sec-Fetch-Site` (every current browser, over https and on localhost):
 *   `same-origin` and `none` (the user typed the address or used a bookmark) pass;
 *   `same-site`, `cross-site` and any other value are refused unless `Origin` is one of
 *   `trustedOrigins`.
 * - Without it, `Origin` decides: the request's own origin
 *   (`new URL(request.url).origin`) or a trusted one passes, `Origin: null` (sandboxed
 *   documents, `file:` pages, redirects across origins) and any other origin are
 *   refused.
 * - A request with neither header is not from a browser page (curl, a server, a
 *   mobile app: nothing a forged page can make), and passes.
 *
 * A refused request is a `PermissionDenied`: the layer's boundary answers 403 (the
 * error views, Django's `CSRF_FAILURE_VIEW`) and logs it at warn level; the inner layers
 * and the view never run. No session or cookie is needed, so it can sit near the top of
 * the stack.
 *
 * @param options - See {@link CsrfOptions}.
 * @returns The middleware.
 * @throws ImproperlyConfigured at once for an option of the wrong shape, naming it and
 *   the bad value (`csrf(): options.trustedOrigins must be ...`).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { csrf } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [csrf({ trustedOrigins: ['https://app.example.com'] })],
 *   view: () => new Response('saved'),
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const post = (headers: Record<string, string>) =>
 *   handler(new Request('https://example.com/save', { method: 'POST', headers }))
 *
 * console.log((await post({ 'sec-fetch-site': 'same-origin' })).status) // 200
 * console.log((await post({ 'sec-fetch-site': 'cross-site' })).status) // 403
 * console.log((await post({ origin: 'https://app.example.com' })).status) // 200
 * console.log((await post({})).status) // 200
 * ```
 */
export function csrf(options?: CsrfOptions): Middleware {
  const { trusted, exempt } = validate(options)
  return function csrf(getResponse) {
    return async (request) => {
      if (!SAFE_METHODS.has(request.method) && exempt?.(request) !== true) {
        check(request, trusted)
      }
      return getResponse(request)
    }
  }
}

/** Throws `PermissionDenied` for a cross-origin request; returns for any other. */
function check(request: Request, trusted: ReadonlySet<string>): void {
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  const what = `${request.method} request`
  if (site !== null) {
    // Trusted before Origin: a same-origin POST from a page with
    // `Referrer-Policy: no-referrer` sends `Origin: null`.
    if (site === 'same-origin' || site === 'none') return
    if (origin !== null && trusted.has(origin)) return
    throw new PermissionDenied(
      `CSRF check failed: a ${site} ${what} (Sec-Fetch-Site: ${site}) from ` +
        `${origin === null ? 'no Origin' : `origin ${origin}`}, which is not in ` +
        'csrf() trustedOrigins.',
    )
  }
  if (origin === null) return
  if (origin === 'null') {
    throw new PermissionDenied(
      `CSRF check failed: a ${what} with Origin: null (a sandboxed document, a file: ` +
        'page or a redirect across origins), which no origin can be trusted as.',
    )
  }
  const own = new URL(request.url).origin
  if (origin === own || trusted.has(origin)) return
  throw new PermissionDenied(
    `CSRF check failed: a ${what} from origin ${origin}, which is neither the ` +
      `request's origin (${own}) nor in csrf() trustedOrigins.`,
  )
}

function validate(options: CsrfOptions | undefined): {
  trusted: ReadonlySet<string>
  exempt: CsrfOptions['exempt']
} {
  assertOptions(options, ['trustedOrigins', 'exempt'], 'csrf()')
  const trustedOrigins: unknown = options?.trustedOrigins ?? []
  const expected = "a list of origins such as 'https://example.com'"
  if (!Array.isArray(trustedOrigins)) bad(expected, trustedOrigins)
  for (const item of trustedOrigins as unknown[]) {
    if (!isSerializedOrigin(item)) bad(`${expected} (no path or trailing slash)`, item)
  }
  const exempt = options?.exempt
  if (exempt !== undefined) assertFunction(exempt, 'csrf(): options.exempt')
  return { trusted: new Set(trustedOrigins as string[]), exempt }
}

function bad(expected: string, value: unknown): never {
  throw new ImproperlyConfigured(
    `csrf(): options.trustedOrigins must be ${expected}, got ${show(value, "'")}.`,
  )
}
