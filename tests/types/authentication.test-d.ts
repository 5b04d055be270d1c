// Type tests: authentication requires session and provides user; loginRequired requires
// user and takes null out of its type; login and logout need a request from inside
// authentication.
import { describe, expectTypeOf, it } from 'vitest'
import { createHandler, text } from '../../src/index.js'
import {
  authentication,
  login,
  loginRequired,
  logout,
  memorySessionStore,
  session,
} from '../../src/middleware/index.js'

interface User {
  id: number
  name: string
}
const load = (id: string | number): User | undefined =>
  id === 1 ? { id: 1, name: 'Ada' } : undefined
const sessions = session({ store: memorySessionStore() })

describe('authentication', () => {
  it('inside session, the view sees user as the loaded type or null', () => {
    createHandler({
      middleware: [sessions, authentication({ load })],
      view: async (request) => {
        expectTypeOf(request.user).toEqualTypeOf<User | null>()
        await login(request, { id: 2, name: 'Grace' })
        await logout(request)
        return text(request.user?.name ?? '')
      },
    })
  })

  it('outside session, or with no session at all, the order check fails', () => {
    createHandler({
      // @ts-expect-error -- authentication requires session, provided only inside it
      middleware: [authentication({ load }), sessions],
      view: () => text('x'),
    })
    createHandler({
      // @ts-expect-error -- nothing provides session
      middleware: [authentication({ load })],
      view: () => text('x'),
    })
  })

  it('a user type without an id needs idOf', () => {
    const byEmail = (email: string | number) => ({ email: String(email) })
    // @ts-expect-error -- { email } has no id: say which property identifies a user
    authentication({ load: byEmail })
    authentication({ load: byEmail, idOf: (user) => user.email })
  })

  it('login takes the user type of the stack, and a request from inside authentication', () => {
    createHandler({
      middleware: [sessions, authentication({ load })],
      view: async (request) => {
        // @ts-expect-error -- not a User
        await login(request, { name: 'no id' })
        return text('x')
      },
    })
    createHandler({
      middleware: [sessions],
      view: async (request) => {
        // @ts-expect-error -- no authentication: the request has no user
        await logout(request)
        return text('x')
      },
    })
  })
})

describe('loginRequired', () => {
  it('inside authentication, the view sees user without null', () => {
    createHandler({
      middleware: [sessions, authentication({ load }), loginRequired()],
      view: (request) => {
        expectTypeOf(request.user).toEqualTypeOf<User>()
        return text(request.user.name)
      },
    })
  })

  it('requires user: outside authentication the order check fails', () => {
    createHandler({
      // @ts-expect-error -- loginRequired requires user, which authentication provides
      middleware: [
        sessions,
        loginRequired({ loginUrl: '/login/' }),
        authentication({ load }),
      ],
      view: () => text('x'),
    })
    createHandler({
      // @ts-expect-error -- nothing provides user
      middleware: [loginRequired()],
      view: () => text('x'),
    })
  })
})
