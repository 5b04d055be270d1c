/**
 * `session`, `authentication`, `login`, `logout` and `loginRequired` behind a real
 * server: `/auth/login` logs Ada in, `/auth/logout` out, `/auth/me` needs a user.
 */
import { createHandler, text } from '../../../src/index.js'
import {
  authentication,
  login,
  loginRequired,
  logout,
  memorySessionStore,
  session,
} from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

const ada = { id: 1, name: 'Ada' }
const base = [
  session({ store: memorySessionStore() }),
  authentication({ load: (id) => (id === 1 ? ada : null) }),
] as const
const account = createHandler({
  middleware: base,
  view: async (request) => {
    if (new URL(request.url).pathname === '/auth/login') await login(request, ada)
    else await logout(request)
    return text(request.user?.name ?? 'anonymous')
  },
})
const me = createHandler({
  middleware: [...base, loginRequired({ loginUrl: '/auth/login' })],
  view: (request) => text(`me: ${request.user.name}`),
})

export const authenticationCase: MiddlewareCase = {
  prefix: '/auth',
  handler: (request) =>
    new URL(request.url).pathname === '/auth/me' ? me(request) : account(request),
}
