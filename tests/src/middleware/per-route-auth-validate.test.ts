/**
 * `validate` and `loginRequired` as per-route middleware of a `shallot/urls` URLconf:
 * only their routes check the body or the user, and the view's request type carries
 * what they provide beside what the global stack provides.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createHandler, json, text, type Req } from '../../../src/index.js'
import {
  authentication,
  login,
  loginRequired,
  memorySessionStore,
  session,
  validate,
  type Session,
} from '../../../src/middleware/index.js'
import { path, urls } from '../../../src/urls/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const ada = { id: 1, name: 'Ada' }
type User = typeof ada
// A route's view names what it needs from the global stack; urls() makes it a need
// that createHandler's middleware must meet.
type WithUser = Req<{ session: Session; user: User | null }>

describe('per-route validate and loginRequired', () => {
  const { resolve } = urls([
    path('users/', () => text('list'), { methods: ['GET'] }),
    path(
      'users/new/',
      (request) => json({ created: request.valid.json.name }, { status: 201 }),
      { middleware: [validate({ json: z.object({ name: z.string() }) })] },
    ),
    path('login/', async (request: WithUser) => {
      await login(request, ada)
      return text('in')
    }),
    path('me/', (request: Req<{ user: User }>) => text(`me ${request.user.name}`), {
      middleware: [loginRequired()],
    }),
  ])
  const handler = createHandler({
    middleware: [
      session({ store: memorySessionStore() }),
      authentication({ load: (id) => (id === 1 ? ada : null) }),
    ],
    resolve,
    logger: quiet,
  })
  const send = (pathname: string, init: RequestInit = {}) =>
    handler(new Request(`http://localhost${pathname}`, init))

  it('a route without validate reads no body; the route with it checks it', async () => {
    expect(await (await send('/users/')).text()).toBe('list')
    const created = await send('/users/new/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Grace"}',
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ created: 'Grace' })
    const refused = await send('/users/new/', { method: 'POST', body: 'name=Grace' })
    expect(refused.status).toBe(415)
  })

  it('loginRequired guards its route only', async () => {
    expect((await send('/me/')).status).toBe(401)
    const loggedIn = await send('/login/', { method: 'POST' })
    const cookie = loggedIn.headers.get('set-cookie')!.split(';')[0]!
    expect(await (await send('/me/', { headers: { cookie } })).text()).toBe('me Ada')
  })
})
