/**
 * `authentication`: Django's `AuthenticationMiddleware` with `login()` and `logout()`.
 * The current user's id is kept in the session; `request.user` is the user it loads.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import { provide } from '../../provide.js'
import type { MaybePromise, Middleware, Req } from '../../types.js'
import { show } from '../../internal/describe.js'
import { assertFunction, assertOptions } from '../../internal/option-checks.js'
import { attach, read, requestSlot } from '../../internal/request-data.js'
// The one import across built-ins: the user is kept in the session (Django's
// contrib.auth on contrib.sessions).
import type { Session } from '../session/index.js'

/** What identifies a user in the session: a string or a number, kept as JSON. */
export type UserId = string | number

/** `authentication`'s options. */
export interface AuthenticationOptions<U> {
  /**
   * Finds the user with the id `login` saved, or `null` (or `undefined`) when there is
   * none any more (deleted, deactivated): the request is then anonymous. Called at most
   * once per request, and only when the session holds an id. May be async.
   */
  readonly load: (id: UserId, request: Request) => MaybePromise<U | null | undefined>
  /**
   * The id `login` saves for a user. Default: `user.id`, which must then be a string
   * or a number.
   */
  readonly idOf?: ((user: U) => UserId) | undefined
}

/** The session key that holds the user's id (Django's `SESSION_KEY`). */
const SESSION_KEY = '_auth_user_id'

/** What `login` needs from the `authentication` layer a request went through. */
const settings = requestSlot<{ readonly idOf: (user: never) => UserId }>(
  'authentication',
)

/** The default `idOf`: `user.id`, checked, since the type could not require it. */
function idProperty(user: unknown): UserId {
  const id = (user as { id?: unknown } | null)?.id
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new TypeError(
      `login() saves user.id in the session, and this user's id is ${show(id)}: give authentication() an idOf option that returns a string or a number.`,
    )
  }
  return id
}

const isUserId = (value: unknown): value is UserId =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))

/**
 * Provides `request.user`: the user whose id the session holds, loaded by your `load`
 * function, or `null` for an anonymous request (Django's `AuthenticationMiddleware`).
 * Put it inside `session`, which it reads; the order check refuses it outside.
 *
 * The user is loaded eagerly, before the layers inside run, so `request.user` is a
 * plain value, not a promise (Django loads it lazily, on first use). This reads the
 * session on every request that passes, so its responses get `Vary: Cookie`; put
 * `authentication` on the routes that need a user if others should stay cacheable.
 * A request whose session holds no id, or an id of another type than a string or a
 * number, calls no `load` and is anonymous.
 *
 * Log users in and out with {@link login} and {@link logout}; require one with
 * {@link loginRequired}.
 *
 * @param options - `load` (required) and `idOf`: see {@link AuthenticationOptions}.
 * @returns A `Middleware<{ session: Session }, { user: U | null }>`.
 * @throws ImproperlyConfigured at once for an unknown option, or a `load` or `idOf`
 *   that is not a function. Whatever `load` throws becomes the error response (a 500
 *   for a database that is down).
 *
 * @example
 * ```ts
 * import { createHandler, text } from 'shallot'
 * import { authentication, memorySessionStore, session } from 'shallot/middleware'
 *
 * const users = new Map([[1, { id: 1, name: 'Ada' }]])
 * const handler = createHandler({
 *   middleware: [
 *     session({ store: memorySessionStore() }),
 *     authentication({ load: (id) => users.get(Number(id)) }),
 *   ],
 *   view: (request) => text(request.user === null ? 'anonymous' : request.user.name),
 * })
 * console.log(await (await handler(new Request('http://localhost/'))).text()) // anonymous
 * ```
 */
export function authentication<
  U extends {
    /** What `login` saves in the session, when no `idOf` is given. */
    readonly id: UserId
  },
>(
  options: AuthenticationOptions<U>,
): Middleware<
  {
    /** The request's session, from `session` outside. */
    session: Session
  },
  {
    /** The logged-in user, or `null` for an anonymous request. */
    user: U | null
  }
>
export function authentication<U>(
  options: AuthenticationOptions<U> & { readonly idOf: (user: U) => UserId },
): Middleware<
  {
    /** The request's session, from `session` outside. */
    session: Session
  },
  {
    /** The logged-in user, or `null` for an anonymous request. */
    user: U | null
  }
>
export function authentication<U>(options: AuthenticationOptions<U>): Middleware<
  {
    /** The request's session, from `session` outside. */
    session: Session
  },
  {
    /** The logged-in user, or `null` for an anonymous request. */
    user: U | null
  }
> {
  assertOptions(options, ['load', 'idOf'], 'authentication()')
  const { load, idOf = idProperty } =
    options ?? ({} as Partial<AuthenticationOptions<U>>)
  assertFunction(load, 'authentication() option load')
  assertFunction(idOf, 'authentication() option idOf')
  const own = { idOf: idOf as (user: never) => UserId }
  return function authentication(getResponse) {
    return async (request) => {
      attach(request, settings, own)
      const id = await request.session.get(SESSION_KEY)
      const user = isUserId(id) ? ((await load(id, request)) ?? null) : null
      return getResponse(provide(request, { user }))
    }
  }
}

/** The settings of the `authentication` layer `request` passed, or a clear error. */
function settingsOf(request: Request, who: string) {
  const found = read(request, settings)
  if (found === undefined) {
    throw new ImproperlyConfigured(
      `${who} needs a request that passed authentication() (inside session()) in the stack.`,
    )
  }
  return found
}

/**
 * Logs `user` in for this request and the ones after it (Django's `login()`): saves
 * its id in the session and sets `request.user`. The session gets a new key
 * (`cycleKey`), so that a key an attacker planted before login does not open the
 * logged-in session (session fixation); when the session held another user's id, it
 * is flushed instead, so nothing of that user's data carries over.
 *
 * Call it from a view or layer inside `authentication`, once you have checked the
 * credentials.
 *
 * @param request - The request, from inside `authentication`.
 * @param user - The user to log in.
 * @returns A promise that settles when the session holds the new id.
 * @throws ImproperlyConfigured when the request did not pass `authentication`;
 *   TypeError when `user` has no string or number id (see the `idOf` option).
 *
 * @example
 * ```ts
 * import { createHandler, text } from 'shallot'
 * import { authentication, login, memorySessionStore, session } from 'shallot/middleware'
 *
 * const ada = { id: 1, name: 'Ada' }
 * const handler = createHandler({
 *   middleware: [
 *     session({ store: memorySessionStore() }),
 *     authentication({ load: (id) => (id === 1 ? ada : null) }),
 *   ],
 *   view: async (request) => {
 *     if (new URL(request.url).pathname === '/login') await login(request, ada)
 *     return text(request.user?.name ?? 'anonymous')
 *   },
 * })
 * const first = await handler(new Request('http://localhost/login', { method: 'POST' }))
 * const cookie = first.headers.get('set-cookie')!.split(';')[0]!
 * const next = await handler(new Request('http://localhost/', { headers: { cookie } }))
 * console.log(await first.text(), await next.text()) // Ada Ada
 * ```
 */
export async function login<U>(
  request: Req<{ session: Session; user: U | null }>,
  user: U,
): Promise<void> {
  const { idOf } = settingsOf(request, 'login()')
  const id = (idOf as (user: U) => UserId)(user)
  const before = await request.session.get(SESSION_KEY)
  if (before !== undefined && before !== id) await request.session.flush()
  else await request.session.cycleKey()
  await request.session.set(SESSION_KEY, id)
  request.user = user
}

/**
 * Logs the request's user out (Django's `logout()`): flushes the session, deleting
 * its data from the store and its cookie from the client, and sets `request.user` to
 * `null`. Harmless for an anonymous request.
 *
 * @param request - The request, from inside `authentication`.
 * @returns A promise that settles when the session is flushed.
 * @throws ImproperlyConfigured when the request did not pass `authentication`.
 *
 * @example
 * ```ts
 * import { createHandler, redirect } from 'shallot'
 * import { authentication, logout, memorySessionStore, session } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [
 *     session({ store: memorySessionStore() }),
 *     authentication({ load: () => null }),
 *   ],
 *   view: async (request) => {
 *     await logout(request)
 *     return redirect('/')
 *   },
 * })
 * const response = await handler(new Request('http://localhost/logout', { method: 'POST' }))
 * console.log(response.status) // 302
 * ```
 */
export async function logout(
  request: Req<{ session: Session; user: unknown }>,
): Promise<void> {
  settingsOf(request, 'logout()')
  await request.session.flush()
  request.user = null
}

export { loginRequired, type LoginRequiredOptions } from './login-required.js'
