/**
 * The session store interface and the two stores shipped with `session`:
 * `memorySessionStore` (server state in this process) and `cookieSessionStore` (the
 * data itself in the signed cookie, no server state).
 *
 * @module
 */

/** What a session holds: JSON-compatible values by key. */
export type SessionData = Record<string, unknown>

/**
 * Where `session` keeps sessions between requests. A Redis, DynamoDB or SQL store
 * implements these three methods (each may return a promise); see the sessions
 * reference for one in a few lines.
 *
 * `session` only hands a store keys it made itself (160 random bits in hex) or, for a
 * store with `inCookie`, the value of a cookie whose signature checked out.
 */
export interface SessionStore {
  /**
   * The data saved under `key`, or `undefined` when there is none or it has expired.
   * Never throws for an unknown key.
   */
  get(key: string): Promise<SessionData | undefined> | SessionData | undefined
  /**
   * Saves `data` under `key` for `ttl` seconds (after which `get` answers
   * `undefined`). May return the value the cookie should carry instead of `key`, as
   * the cookie store does; a server-side store returns nothing.
   */
  set(
    key: string,
    data: SessionData,
    ttl: number,
  ): Promise<string | void> | string | void
  /** Forgets `key`, so its cookie no longer opens the session (logout, `cycleKey`). */
  delete(key: string): Promise<void> | void
  /**
   * `true` for a store whose cookie carries the data itself: `session` then needs
   * `secrets`, refuses a cookie past 4096 bytes, and passes `get` the verified cookie
   * value instead of a key it made.
   */
  readonly inCookie?: boolean
}

/** Expired entries are swept from the memory store once every this many saves. */
const SWEEP_EVERY = 1000

/**
 * A store in this process's memory: for tests, development and a single process. The
 * data is kept as JSON text, as a networked store would keep it, so a view changing
 * an object it read does not change the stored session unless it sets it again, and a
 * value JSON cannot hold fails at once. Sessions are lost on restart and not shared
 * between processes or Lambda instances: use a networked store there.
 *
 * @returns A {@link SessionStore}; expired entries are dropped when read and swept
 *   every 1000 saves.
 *
 * @example
 * ```ts
 * import { memorySessionStore } from 'shallot/middleware'
 *
 * const store = memorySessionStore()
 * await store.set('k', { user: 7 }, 60)
 * console.log(await store.get('k')) // { user: 7 }
 * await store.delete('k')
 * console.log(await store.get('k')) // undefined
 * ```
 */
export function memorySessionStore(): SessionStore {
  const entries = new Map<string, { json: string; expires: number }>()
  let saves = 0
  return {
    get(key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (entry.expires <= Date.now()) {
        entries.delete(key)
        return undefined
      }
      return JSON.parse(entry.json) as SessionData
    },
    set(key, data, ttl) {
      const now = Date.now()
      if (++saves % SWEEP_EVERY === 0) {
        for (const [other, entry] of entries) {
          if (entry.expires <= now) entries.delete(other)
        }
      }
      entries.set(key, { json: JSON.stringify(data), expires: now + ttl * 1000 })
    },
    delete(key) {
      entries.delete(key)
    },
  }
}

const encoder = new TextEncoder()
// `fatal`: bytes that are not UTF-8 make a bad cookie, not replacement characters.
const decoder = new TextDecoder('utf-8', { fatal: true })

/** UTF-8 bytes as base64url without padding: only characters a cookie can hold. */
function toBase64url(text: string): string {
  let binary = ''
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The text `toBase64url` encoded; throws for anything else. */
function fromBase64url(value: string): string {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  return decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}

/**
 * A store with no server state (Django's `signed_cookies` backend): the session's data
 * is the cookie's value, as base64url JSON with its expiry time, signed by `session`
 * with its `secrets` (required with this store), so the client can read it but not
 * change it. Use it for small, non-secret data: a cookie past 4096 bytes is refused
 * with an error, and a session cannot be revoked on the server (`flush` and `cycleKey`
 * only replace the client's cookie; a copy of the old one stays valid until it
 * expires).
 *
 * @returns A {@link SessionStore} with `inCookie: true`.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { cookieSessionStore, session } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [session({ store: cookieSessionStore(), secrets: ['a long random secret'] })],
 *   view: async (request) => {
 *     await request.session.set('theme', 'dark')
 *     return new Response('saved')
 *   },
 * })
 * const response = await handler(new Request('https://example.com/'))
 * console.log(response.headers.get('set-cookie')?.startsWith('sessionid=')) // true
 * ```
 */
export function cookieSessionStore(): SessionStore {
  return {
    inCookie: true,
    get(value) {
      try {
        const { e: expires, d: data } = JSON.parse(fromBase64url(value)) as {
          e?: unknown
          d?: unknown
        }
        if (typeof expires !== 'number' || expires <= Date.now()) return undefined
        if (typeof data !== 'object' || data === null || Array.isArray(data)) {
          return undefined
        }
        return data as SessionData
      } catch {
        // Only a cookie signed with one of the secrets gets here: this is one a
        // secret's holder wrote otherwise, treated as no session like any bad cookie.
        return undefined
      }
    },
    set(_key, data, ttl) {
      return toBase64url(JSON.stringify({ e: Date.now() + ttl * 1000, d: data }))
    },
    delete() {
      // The data lives only in the cookie, which `session` deletes or replaces.
    },
  }
}
