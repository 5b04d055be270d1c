/**
 * Session: finds the session named by the `sid` cookie, or starts one, and provides it
 * as `request.session`. New sessions get their cookie on the way out.
 *
 * The store is an in-memory `Map`, which is enough for a demo and wrong for anything
 * else: it forgets everything on restart and is not shared between processes.
 *
 * @module
 */
import { provide, type Middleware } from 'shallot'

/** What the demo keeps per visitor. */
export interface Session {
  /** The key in the store, and the value of the `sid` cookie. */
  readonly id: string
  /** Whether this request started the session (its cookie is set on the response). */
  readonly isNew: boolean
  /** The signed-in user's id, or `null` for an anonymous visitor. */
  userId: string | null
  /** Requests seen in this session, this one included. */
  visits: number
}

const COOKIE = 'sid'
/**
 * Beyond this the oldest sessions are dropped, so a flood of cookie-less requests
 * cannot grow the store without bound.
 */
const MAX_SESSIONS = 10_000

type Stored = Pick<Session, 'userId' | 'visits'>

/**
 * Demo data: `sid=demo` is a session in which Ada is signed in. There is no login
 * view; send the cookie yourself (`curl -b sid=demo ...`).
 */
const store = new Map<string, Stored>([['demo', { userId: 'ada', visits: 0 }]])

/** The value of one cookie in a `Cookie` header, or `undefined`. */
function readCookie(header: string | null, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=')
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

function load(id: string | undefined): Session {
  const stored = id === undefined ? undefined : store.get(id)
  if (id !== undefined && stored !== undefined) {
    return { id, isNew: false, userId: stored.userId, visits: stored.visits + 1 }
  }
  return { id: crypto.randomUUID(), isNew: true, userId: null, visits: 1 }
}

function save(session: Session): void {
  store.delete(session.id) // re-inserted last: Map order is the eviction order
  store.set(session.id, { userId: session.userId, visits: session.visits })
  if (store.size > MAX_SESSIONS) {
    const oldest = store.keys().next()
    if (oldest.done !== true) store.delete(oldest.value)
  }
}

/** Needs nothing from outer layers; provides `session` to the layers inside. */
export const session: Middleware<{}, { session: Session }> =
  (getResponse) => async (request) => {
    const current = load(readCookie(request.headers.get('cookie'), COOKIE))
    const response = await getResponse(provide(request, { session: current }))
    save(current)
    if (current.isNew) {
      response.headers.append(
        'set-cookie',
        `${COOKIE}=${current.id}; Path=/; HttpOnly; SameSite=Lax`,
      )
    }
    return response
  }
