/**
 * `loginRequired`: Django's `login_required` as a middleware, for a stack or one route.
 *
 * @module
 */
import { ImproperlyConfigured, Unauthorized } from '../../errors.js'
import { redirect } from '../../responses.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { assertOptions } from '../../internal/option-checks.js'

/** `loginRequired`'s options; without `loginUrl` an anonymous request is a 401. */
export interface LoginRequiredOptions {
  /**
   * Where to send an anonymous request instead of answering 401 (Django's
   * `login_url`): a path (`'/login/'`) or an absolute URL, which may hold a query.
   * Default: none, a 401.
   */
  readonly loginUrl?: string | undefined
  /**
   * The query parameter of `loginUrl` that carries the page asked for, so the login
   * view can return there (Django's `redirect_field_name`); `null` adds none. Default
   * `'next'`.
   */
  readonly redirectFieldName?: string | null | undefined
}

function nonEmpty(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new ImproperlyConfigured(
      `loginRequired() option ${name} must be a non-empty string, got ${show(value)}.`,
    )
  }
}

/** A URL with a scheme (`https:`) or a host (`//host`), not a path. */
const isAbsolute = (url: string) => /^([a-z][a-z\d+.-]*:|\/\/)/i.test(url)

/**
 * The redirect to `loginUrl` with `field` set to the page asked for: its path and
 * query when the login page is on the same scheme and host, its whole URL otherwise
 * (Django's `redirect_to_login`, with `/` left unescaped as Django leaves it).
 */
function toLogin(request: Request, loginUrl: string, field: string | null): Response {
  const current = new URL(request.url)
  const target = new URL(loginUrl, current)
  const absolute = isAbsolute(loginUrl)
  const sameSite =
    !absolute || (target.protocol === current.protocol && target.host === current.host)
  if (field !== null) {
    target.searchParams.set(
      field,
      sameSite ? current.pathname + current.search : current.href,
    )
    target.search = target.search.replace(/%2F/gi, '/')
  }
  return redirect(
    absolute ? target.href : target.pathname + target.search + target.hash,
  )
}

/**
 * Lets only requests with a logged-in user through (Django's `login_required`): when
 * `request.user` is `null` (or `undefined`), it answers instead of the layers inside,
 * with a 302 to `loginUrl?next=/the/page/` when a `loginUrl` is given, and otherwise
 * throws `Unauthorized`, a 401 (as `application/problem+json` for a client that
 * prefers JSON). It needs `authentication` outside it (the order check refuses it
 * elsewhere), and the layers inside and the view see `request.user` as the user,
 * without `null`.
 *
 * Use it in the global stack (every page needs a login) or around one route.
 *
 * @param options - `loginUrl` and `redirectFieldName`: see {@link LoginRequiredOptions}.
 * @returns A `Middleware<{ user: unknown }, { user: {} }>`: the `user` it requires,
 *   narrowed to exclude `null`.
 * @throws ImproperlyConfigured at once for an unknown option, a `loginUrl` that is not
 *   a non-empty string, or a `redirectFieldName` that is neither that nor `null`.
 *
 * @example
 * ```ts
 * import { createHandler, text } from 'shallot'
 * import {
 *   authentication,
 *   loginRequired,
 *   memorySessionStore,
 *   session,
 * } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [
 *     session({ store: memorySessionStore() }),
 *     authentication({ load: (id) => ({ id, name: 'Ada' }) }),
 *     loginRequired({ loginUrl: '/login/' }),
 *   ],
 *   // No `?.` needed: loginRequired took null out of request.user's type.
 *   view: (request) => text(`hello ${request.user.name}`),
 * })
 * const response = await handler(new Request('http://localhost/cart/?page=2'))
 * console.log(response.status, response.headers.get('location'))
 * // 302 /login/?next=/cart/%3Fpage%3D2
 * ```
 */
export function loginRequired(options?: LoginRequiredOptions): Middleware<
  {
    /** The user `authentication` loaded, or `null`. */
    user: unknown
  },
  {
    /** The user: never `null` inside. */
    user: {}
  }
> {
  assertOptions(options, ['loginUrl', 'redirectFieldName'], 'loginRequired()')
  const { loginUrl, redirectFieldName = 'next' } = options ?? {}
  if (loginUrl !== undefined) nonEmpty(loginUrl, 'loginUrl')
  if (redirectFieldName !== null) nonEmpty(redirectFieldName, 'redirectFieldName')
  return function loginRequired(getResponse) {
    return async (request) => {
      if (request.user !== null && request.user !== undefined) {
        return getResponse(request as typeof request & { user: {} })
      }
      if (loginUrl !== undefined) return toLogin(request, loginUrl, redirectFieldName)
      throw new Unauthorized(
        'loginRequired(): no user is logged in (request.user is null).',
        {
          detail: 'Authentication is required.',
        },
      )
    }
  }
}
