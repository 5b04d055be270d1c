/**
 * User: who is making the request, derived from the session. It declares that it needs
 * `session`, so a stack that puts it outside the session middleware does not compile.
 *
 * @module
 */
import { provide, type Middleware } from 'shallot'
import type { Session } from './session.js'

/** The demo's user; `isAuthenticated` is false for the anonymous visitor. */
export interface User {
  readonly id: string
  readonly name: string
  readonly isAuthenticated: boolean
}

/** Demo data standing in for a user table. */
const users = new Map<string, User>([
  ['ada', { id: 'ada', name: 'Ada Lovelace', isAuthenticated: true }],
])

const anonymous: User = { id: 'anonymous', name: 'guest', isAuthenticated: false }

/** Needs `session` from an outer layer; provides `user` to the layers inside. */
export const user: Middleware<{ session: Session }, { user: User }> =
  (getResponse) => (request) => {
    const { userId } = request.session
    const current = (userId === null ? undefined : users.get(userId)) ?? anonymous
    return getResponse(provide(request, { user: current }))
  }
