/**
 * `session`: Django's `SessionMiddleware` on Web `Request`/`Response`. Provides
 * `request.session`, loaded from the store the first time it is used and saved, with
 * its cookie, only when it changed.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import { provide } from '../../provide.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { log } from '../../internal/log.js'
import type { Logger } from '../../logger.js'
import { editHeaders, patchVary } from '../../internal/header-edits.js'
import { assertOptions, assertToken } from '../../internal/option-checks.js'
// Sessions are built on the cookies module (its signing, checks and Set-Cookie handling).
import {
  deleteCookie,
  getCookie,
  getSignedCookie,
  setCookie,
  setSignedCookie,
  type CookieOptions,
} from '../../cookies/index.js'
import type { SessionStore } from './store.js'

export {
  cookieSessionStore,
  memorySessionStore,
  type SessionData,
  type SessionStore,
} from './store.js'

/**
 * `request.session`: the session's data by key. Every method is async because the
 * first call reads the store (nothing is read for a request that never touches it).
 * Values must survive JSON (`JSON.stringify`), as the stores keep them that way.
 */
export interface Session {
  /** The value saved under `key`, or `undefined`. */
  get<T = unknown>(key: string): Promise<T | undefined>
  /** Saves `value` under `key`; the session is saved with the response. */
  set(key: string, value: unknown): Promise<void>
  /** Removes `key` (nothing is saved when it was not there). */
  delete(key: string): Promise<void>
  /** Removes every key, keeping the session key (Django's `clear`). */
  clear(): Promise<void>
  /**
   * Keeps the data under a new key and deletes the old one from the store (Django's
   * `cycle_key`): call it on login, so that a key an attacker planted before (session
   * fixation) does not open the logged-in session.
   */
  cycleKey(): Promise<void>
  /**
   * Deletes the session from the store and its cookie from the client, and starts an
   * empty one (Django's `flush`): call it on logout.
   */
  flush(): Promise<void>
}

/** The session cookie's name and attributes; each optional. */
export interface SessionCookieOptions {
  /** The cookie's name. Default `'sessionid'`. */
  readonly name?: string | undefined
  /** `Domain`. Default: none (only the host that set it). */
  readonly domain?: string | undefined
  /** `Path`. Default `'/'`. */
  readonly path?: string | undefined
  /** `Secure`. Default: `true` when the request's URL is `https:`. */
  readonly secure?: boolean | undefined
  /** `HttpOnly`. Default `true`. */
  readonly httpOnly?: boolean | undefined
  /** `SameSite`. Default `'Lax'`. */
  readonly sameSite?: 'Strict' | 'Lax' | 'None' | undefined
  /** `Partitioned` (CHIPS). Default `false`. */
  readonly partitioned?: boolean | undefined
}

/** `session`'s options: `store` is required. */
export interface SessionOptions {
  /** Where sessions are kept: `memorySessionStore()`, `cookieSessionStore()` or yours. */
  readonly store: SessionStore
  /**
   * Secrets the cookie is signed with (HMAC-SHA256), newest first: the first signs, all
   * verify, for rotation. Required with `cookieSessionStore()`; optional with a
   * server-side store, whose keys are random already.
   */
  readonly secrets?: string | readonly string[] | undefined
  /** The cookie's name and attributes. */
  readonly cookie?: SessionCookieOptions | undefined
  /**
   * Seconds a session lives after it was last saved: the store's TTL and the cookie's
   * `Max-Age`. Default 1209600 (two weeks, Django's `SESSION_COOKIE_AGE`).
   */
  readonly maxAge?: number | undefined
  /**
   * Where a session cookie that is dropped (a signature that does not verify: tampered,
   * truncated or signed with a secret not in `secrets`; or a key this middleware never
   * makes) is reported, at `debug`. Pass the stack's logger to see forgeries while
   * debugging. Default: not reported, so a client cannot fill the logs.
   */
  readonly logger?: Pick<Logger, 'debug'> | undefined
}

/** The size past which browsers drop a cookie (name and value, RFC 6265 §6.1). */
const COOKIE_LIMIT = 4096
/** What signing adds to a value: `.` and a 43-character HMAC-SHA256 in base64url. */
const SIGNATURE_LENGTH = 44
/** A key `session` made: 160 random bits in hex. */
const KEY = /^[0-9a-f]{40}$/

/** A new session key from `crypto.getRandomValues`: 160 bits in hex. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The secrets as a list, or `undefined` for none; throws for anything else. */
function secretsOption(secrets: unknown): readonly string[] | undefined {
  if (secrets === undefined) return undefined
  const list: unknown[] =
    typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : []
  if (list.length === 0 || !list.every((s) => typeof s === 'string' && s !== '')) {
    throw new ImproperlyConfigured(
      `session() option secrets must be a non-empty string or a list of them (the first signs, all verify), got ${show(secrets)}.`,
    )
  }
  return list as string[]
}

/** Checks the store has the three methods. */
function storeOption(store: unknown): SessionStore {
  const candidate = store as Partial<Record<string, unknown>> | null | undefined
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !['get', 'set', 'delete'].every((method) => typeof candidate[method] === 'function')
  ) {
    throw new ImproperlyConfigured(
      `session() option store must be a session store (get, set and delete methods), such as memorySessionStore() or cookieSessionStore(); got ${show(store)}.`,
    )
  }
  return store as SessionStore
}

/**
 * Provides `request.session` (Django's `SessionMiddleware`). The session is loaded
 * the first time a layer or the view calls one of its methods, never before, and
 * saved with the response only when it changed; a response whose session was read
 * gets `Vary: Cookie`. A response with status 500 or more saves nothing (Django's
 * rule). A session emptied by `clear`, `delete` or `flush` has its cookie deleted.
 *
 * The cookie holds a random key (160 bits from `crypto.getRandomValues`) for a
 * server-side store, or the signed data for `cookieSessionStore()`. Defaults:
 * `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` when the request is https, and
 * `Max-Age` = `maxAge`. A cookie that is missing, tampered with, signed with another
 * key, expired or unknown to the store is an empty new session, never an error; a new
 * session always gets a new key, never the one the client sent.
 *
 * @param options - `store` (required), `secrets`, `cookie`, `maxAge`, `logger`: see
 *   {@link SessionOptions}.
 * @returns A `Middleware<{}, { session: Session }>`.
 * @throws ImproperlyConfigured at once for an unknown option, a missing store, bad
 *   secrets, `cookieSessionStore()` without secrets, a `maxAge` that is not a positive
 *   integer or a cookie option a `Set-Cookie` cannot carry. At request time, a session
 *   whose cookie would pass 4096 bytes throws an `Error` (a 500) instead of sending a
 *   cookie the browser would drop.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { memorySessionStore, session } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [session({ store: memorySessionStore() })],
 *   view: async (request) => {
 *     const visits = ((await request.session.get<number>('visits')) ?? 0) + 1
 *     await request.session.set('visits', visits)
 *     return new Response(`visit ${visits}`)
 *   },
 * })
 * const first = await handler(new Request('https://example.com/'))
 * const cookie = first.headers.get('set-cookie')!.split(';')[0]!
 * const second = await handler(new Request('https://example.com/', { headers: { cookie } }))
 * console.log(await first.text(), await second.text()) // visit 1 visit 2
 * ```
 */
export function session(options: SessionOptions): Middleware<
  {},
  {
    /** The request's session. */
    session: Session
  }
> {
  assertOptions(
    options,
    ['store', 'secrets', 'cookie', 'maxAge', 'logger'],
    'session()',
  )
  const {
    store: givenStore,
    secrets: givenSecrets,
    cookie = {},
    maxAge = 1_209_600,
    logger,
  } = options ?? ({} as Partial<SessionOptions>)
  if (logger !== undefined && typeof logger?.debug !== 'function') {
    throw new ImproperlyConfigured(
      `session() option logger must be a logger with a debug method, got ${show(logger)}.`,
    )
  }
  const store = storeOption(givenStore)
  const secrets = secretsOption(givenSecrets)
  if (store.inCookie === true && secrets === undefined) {
    throw new ImproperlyConfigured(
      'session() with cookieSessionStore() needs secrets: the cookie holds the data, and only a signature stops the client from changing it.',
    )
  }
  if (!Number.isSafeInteger(maxAge) || maxAge <= 0) {
    throw new ImproperlyConfigured(
      `session() option maxAge must be a positive integer (seconds), got ${show(maxAge)}.`,
    )
  }
  assertOptions(
    cookie,
    ['name', 'domain', 'path', 'secure', 'httpOnly', 'sameSite', 'partitioned'],
    'session() option cookie',
  )
  const { name = 'sessionid', ...attributes } = cookie
  assertToken(name, 'session() option cookie.name')
  const base: CookieOptions = Object.fromEntries(
    Object.entries({ ...attributes, maxAge }).filter(
      ([, value]) => value !== undefined,
    ),
  )
  try {
    // A dry run, so a bad attribute stops the build instead of every response.
    setCookie(new Response(), name, 'x', base)
  } catch (error) {
    throw new ImproperlyConfigured(
      `session() option cookie: ${(error as Error).message}`,
    )
  }
  const { maxAge: _maxAge, ...deleteOptions } = base

  return function session(getResponse) {
    return async (request) => {
      let data = new Map<string, unknown>()
      // The key the session is saved under; `undefined` for a new one.
      let key: string | undefined
      let loading: Promise<void> | undefined
      let accessed = false
      let modified = false

      const load = (): Promise<void> => {
        accessed = true
        return (loading ??= (async () => {
          const raw = getCookie(request, name)
          if (raw === undefined) return
          const sent =
            secrets === undefined ? raw : await getSignedCookie(request, name, secrets)
          if (sent === undefined || (store.inCookie !== true && !KEY.test(sent))) {
            if (logger !== undefined) {
              log(
                logger,
                'debug',
                sent === undefined
                  ? `session() dropped cookie ${name}: its signature does not verify (tampered, truncated or signed with a secret not in secrets).`
                  : `session() dropped cookie ${name}: it does not hold a key session() makes.`,
              )
            }
            return
          }
          const found = await store.get(sent)
          if (found === undefined) return
          key = sent
          data = new Map(Object.entries(found))
        })())
      }

      const current: Session = {
        async get<T>(k: string) {
          await load()
          return data.get(k) as T | undefined
        },
        async set(k, value) {
          await load()
          data.set(k, value)
          modified = true
        },
        async delete(k) {
          await load()
          if (data.delete(k)) modified = true
        },
        async clear() {
          await load()
          if (data.size > 0) modified = true
          data.clear()
        },
        async cycleKey() {
          await load()
          if (key !== undefined) await store.delete(key)
          key = undefined
          modified = true
        },
        async flush() {
          await load()
          if (key !== undefined) await store.delete(key)
          key = undefined
          data.clear()
          modified = true
        },
      }

      const response = await getResponse(provide(request, { session: current }))
      if (!accessed) return response
      // Wait for a load a view started without awaiting, so what is saved is whole.
      await loading
      let out = editHeaders(response, (headers) => patchVary(headers, 'Cookie'))
      if (response.status >= 500 || !modified) return out
      if (data.size === 0) {
        if (key !== undefined) await store.delete(key)
        if (getCookie(request, name) !== undefined) {
          out = deleteCookie(out, name, deleteOptions)
        }
        return out
      }
      const saveKey = key ?? newKey()
      const value =
        (await store.set(saveKey, Object.fromEntries(data), maxAge)) ?? saveKey
      const size = name.length + 1 + value.length + (secrets ? SIGNATURE_LENGTH : 0)
      if (size > COOKIE_LIMIT) {
        throw new Error(
          `session() cookie ${name} would be ${size} bytes, past the ${COOKIE_LIMIT} a browser keeps: store less in the session, or use a server-side store.`,
        )
      }
      const attributes: CookieOptions =
        cookie.secure === undefined && new URL(request.url).protocol === 'https:'
          ? { ...base, secure: true }
          : base
      return secrets === undefined
        ? setCookie(out, name, value, attributes)
        : setSignedCookie(out, name, value, secrets, attributes)
    }
  }
}
