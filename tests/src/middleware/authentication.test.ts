/**
 * `authentication`, `login`, `logout` and `loginRequired`: the current user from the
 * session (Django's AuthenticationMiddleware, login(), logout(), login_required).
 */
import { describe, expect, it, vi } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  provide,
  text,
  type Middleware,
  type Req,
} from '../../../src/index.js'
import {
  authentication,
  login,
  loginRequired,
  logout,
  memorySessionStore,
  session,
  type Session,
  type SessionStore,
} from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

interface User {
  id: number
  name: string
}
const users = new Map<number, User>([
  [1, { id: 1, name: 'Ada' }],
  [2, { id: 2, name: 'Grace' }],
])

type Request_ = Req<{ session: Session; user: User | null }>

/**
 * A site: `/login/<id>` logs user <id> in, `/logout` logs out, `/cart/<item>` adds to
 * the session's cart, anything else answers with the user's name and the cart.
 */
function site(store: SessionStore = memorySessionStore()) {
  const load = vi.fn((id: string | number) => users.get(Number(id)))
  const handler = createHandler({
    middleware: [session({ store }), authentication({ load })],
    view: async (request: Request_) => {
      const [, action, arg] = new URL(request.url).pathname.split('/')
      if (action === 'login') await login(request, users.get(Number(arg))!)
      if (action === 'logout') await logout(request)
      if (action === 'cart') await request.session.set('cart', arg)
      const cart = (await request.session.get<string>('cart')) ?? '-'
      return text(`${request.user?.name ?? 'anonymous'} ${cart}`)
    },
    logger: quiet,
  })
  /** Sends a request with `cookie`, returns the body and the cookie to send next. */
  async function visit(path: string, cookie?: string) {
    const response = await handler(
      new Request(`http://localhost${path}`, cookie ? { headers: { cookie } } : {}),
    )
    const line = response.headers.get('set-cookie')
    const next = line === null ? cookie : line.split(';')[0]!
    return { body: await response.text(), cookie: next, line, response }
  }
  return { handler, load, visit, store }
}

describe('authentication', () => {
  it('an anonymous request: user is null and load is not called', async () => {
    const { visit, load } = site()
    expect((await visit('/')).body).toBe('anonymous -')
    expect(load).not.toHaveBeenCalled()
  })

  it('login keeps the user for the next requests, loading it once per request', async () => {
    const { visit, load } = site()
    const first = await visit('/login/1')
    expect(first.body).toBe('Ada -')
    expect(load).not.toHaveBeenCalled()
    const second = await visit('/', first.cookie)
    expect(second.body).toBe('Ada -')
    expect(load).toHaveBeenCalledTimes(1)
    expect(load).toHaveBeenLastCalledWith(1, expect.any(Request))
    await visit('/', first.cookie)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('login gives the session a new key and deletes the old one (session fixation)', async () => {
    const { visit } = site()
    const planted = await visit('/cart/apple')
    const after = await visit('/login/1', planted.cookie)
    expect(after.cookie).not.toBe(planted.cookie)
    // The same user's data carries over (cycleKey), the old key opens nothing.
    expect(after.body).toBe('Ada apple')
    expect((await visit('/', planted.cookie)).body).toBe('anonymous -')
  })

  it("login as another user flushes the first one's session data", async () => {
    const { visit } = site()
    const ada = await visit('/login/1')
    const cart = await visit('/cart/pear', ada.cookie)
    const again = await visit('/login/1', cart.cookie)
    expect(again.body).toBe('Ada pear')
    const grace = await visit('/login/2', again.cookie)
    expect(grace.body).toBe('Grace -')
    expect((await visit('/', grace.cookie)).body).toBe('Grace -')
  })

  it('logout flushes the session: user null, cookie deleted, store entry gone', async () => {
    const { visit } = site()
    const ada = await visit('/login/1')
    const out = await visit('/logout', ada.cookie)
    expect(out.body).toBe('anonymous -')
    expect(out.line).toMatch(/^sessionid=; .*Max-Age=0/)
    expect((await visit('/', ada.cookie)).body).toBe('anonymous -')
  })

  it('logout of an anonymous request is harmless', async () => {
    const { visit } = site()
    expect((await visit('/logout')).body).toBe('anonymous -')
  })

  it('a user load no longer finds is anonymous; an id that is not a string or number calls no load', async () => {
    const store = memorySessionStore()
    const { visit, load } = site(store)
    const ada = await visit('/login/1')
    const key = ada.cookie!.split('=')[1]!
    await store.set(key, { _auth_user_id: 9 }, 60)
    expect((await visit('/', ada.cookie)).body).toBe('anonymous -')
    expect(load).toHaveBeenCalledWith(9, expect.any(Request))
    load.mockClear()
    for (const id of [{ id: 1 }, Number.NaN, null, true]) {
      await store.set(key, { _auth_user_id: id }, 60)
      expect((await visit('/', ada.cookie)).body).toBe('anonymous -')
    }
    expect(load).not.toHaveBeenCalled()
  })

  it('an async load is awaited; one that throws is a 500', async () => {
    const store = memorySessionStore()
    await store.set('a'.repeat(40), { _auth_user_id: 'x' }, 60)
    const cookie = `sessionid=${'a'.repeat(40)}`
    for (const [load, expected] of [
      [async () => ({ id: 'x', name: 'Async' }), 200],
      [
        async () => {
          throw new Error('database down')
        },
        500,
      ],
    ] as const) {
      const handler = createHandler({
        middleware: [session({ store }), authentication({ load })],
        view: (request) => text(request.user?.name ?? 'anonymous'),
        logger: quiet,
      })
      const response = await handler(
        new Request('http://localhost/', { headers: { cookie } }),
      )
      expect(response.status).toBe(expected)
    }
  })

  it('idOf saves another id; without it a user with no id is a TypeError', async () => {
    const store = memorySessionStore()
    const byEmail = createHandler({
      middleware: [
        session({ store }),
        authentication({
          load: (email) => ({ email: String(email) }),
          idOf: (user: { email: string }) => user.email,
        }),
      ],
      view: async (request) => {
        if (request.method === 'POST')
          await login(request, { email: 'ada@example.com' })
        return text(request.user?.email ?? 'anonymous')
      },
      logger: quiet,
    })
    const first = await byEmail(new Request('http://localhost/', { method: 'POST' }))
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!
    const again = await byEmail(
      new Request('http://localhost/', { headers: { cookie } }),
    )
    expect(await again.text()).toBe('ada@example.com')

    let thrown: unknown
    const noId = createHandler({
      middleware: [session({ store }), authentication({ load: () => null })],
      view: async (request) => {
        await login(request, { name: 'no id' } as never).catch((error: unknown) => {
          thrown = error
        })
        return text('done')
      },
    })
    await noId(new Request('http://localhost/'))
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as Error).message).toBe(
      "login() saves user.id in the session, and this user's id is undefined: give authentication() an idOf option that returns a string or a number.",
    )
  })

  it('login and logout outside authentication name what is missing', async () => {
    const request = Object.assign(new Request('http://localhost/'), {
      session: {} as Session,
      user: null,
    })
    await expect(login(request, { id: 1 })).rejects.toThrow(
      new ImproperlyConfigured(
        'login() needs a request that passed authentication() (inside session()) in the stack.',
      ),
    )
    await expect(logout(request)).rejects.toThrow(/^logout\(\) needs a request/)
  })

  it.each([
    ['authentication() has no option loader', { loader: () => null }],
    ['authentication() option load must be a function, got undefined', {}],
    [
      'authentication() option idOf must be a function',
      { load: () => null, idOf: 'id' },
    ],
    ['authentication() option load must be a function, got undefined', undefined],
    ['authentication() takes an options object', 'load'],
  ])('options: %s', (message, options) => {
    expect(() => authentication(options as never)).toThrow(ImproperlyConfigured)
    expect(() => authentication(options as never)).toThrow(message)
  })
})

describe('loginRequired', () => {
  function app(
    options?: Parameters<typeof loginRequired>[0],
    name: string | null = null,
  ) {
    // Stands in for authentication: provides the user, or null.
    const user: Middleware<{}, { user: { name: string } | null }> =
      (getResponse) => (request) =>
        getResponse(provide(request, { user: name === null ? null : { name } }))
    return createHandler({
      middleware: [user, loginRequired(options)],
      view: (request) => text(`hello ${request.user.name}`),
      logger: quiet,
    })
  }
  const get = (url = 'http://localhost/cart/', accept = 'application/json') =>
    new Request(url, { headers: { accept } })

  it('lets a request with a user through', async () => {
    expect(await (await app({}, 'Ada')(get())).text()).toBe('hello Ada')
  })

  it('without loginUrl, an anonymous request is a 401 (problem+json for JSON clients)', async () => {
    const response = await app()(get())
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await response.json()).toMatchObject({
      status: 401,
      detail: 'Authentication is required.',
    })
    const page = await app()(get('http://localhost/', 'text/html'))
    expect(page.status).toBe(401)
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/)
  })

  it.each([
    // Django's redirect_to_login: the path and query when the login page is on the
    // same scheme and host, the whole URL otherwise; `/` left as is.
    ['/login/', 'http://localhost/cart/?a=1', '/login/?next=/cart/%3Fa%3D1'],
    ['/login/?lang=en#form', 'http://localhost/c', '/login/?lang=en&next=/c#form'],
    [
      'http://localhost/login/',
      'http://localhost/c',
      'http://localhost/login/?next=/c',
    ],
    [
      'https://accounts.example.com/login',
      'http://localhost/c',
      'https://accounts.example.com/login?next=http%3A//localhost/c',
    ],
    ['//localhost/login', 'http://localhost/c', 'http://localhost/login?next=/c'],
    ['/login/?next=/old', 'http://localhost/new', '/login/?next=/new'],
  ])('loginUrl %s from %s redirects to %s', async (loginUrl, url, location) => {
    const response = await app({ loginUrl })(get(url))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(location)
  })

  it('redirectFieldName renames the parameter; null leaves it out', async () => {
    const renamed = await app({ loginUrl: '/in', redirectFieldName: 'to' })(get())
    expect(renamed.headers.get('location')).toBe('/in?to=/cart/')
    const none = await app({ loginUrl: '/in', redirectFieldName: null })(get())
    expect(none.headers.get('location')).toBe('/in')
  })

  it('a user that is undefined counts as anonymous', async () => {
    const handler = createHandler({
      middleware: [loginRequired() as never],
      view: () => text('never'),
      logger: quiet,
    })
    expect((await handler(get())).status).toBe(401)
  })

  it.each([
    ['loginRequired() has no option login_url', { login_url: '/login/' }],
    ['loginRequired() option loginUrl must be a non-empty string', { loginUrl: '' }],
    [
      'loginRequired() option redirectFieldName must be a non-empty string',
      { redirectFieldName: 3 },
    ],
  ])('options: %s', (message, options) => {
    expect(() => loginRequired(options as never)).toThrow(ImproperlyConfigured)
    expect(() => loginRequired(options as never)).toThrow(message)
  })
})

describe('the three together', () => {
  it('login, a protected page, logout, and the page redirects again', async () => {
    const store = memorySessionStore()
    const outer = [
      session({ store }),
      authentication({ load: (id) => users.get(Number(id)) }),
    ] as const
    const account = createHandler({
      middleware: outer,
      view: async (request) => {
        if (new URL(request.url).pathname === '/login')
          await login(request, users.get(1)!)
        else await logout(request)
        return text(request.user?.name ?? 'anonymous')
      },
      logger: quiet,
    })
    const guarded = createHandler({
      middleware: [...outer, loginRequired({ loginUrl: '/login' })],
      view: (request) => text(`secret for ${request.user.name}`),
      logger: quiet,
    })
    const secret = (cookie?: string) =>
      guarded(
        new Request('http://localhost/secret', cookie ? { headers: { cookie } } : {}),
      )
    expect((await secret()).headers.get('location')).toBe('/login?next=/secret')
    const loggedIn = await account(
      new Request('http://localhost/login', { method: 'POST' }),
    )
    const cookie = loggedIn.headers.get('set-cookie')!.split(';')[0]!
    expect(await (await secret(cookie)).text()).toBe('secret for Ada')
    await account(
      new Request('http://localhost/logout', { method: 'POST', headers: { cookie } }),
    )
    expect((await secret(cookie)).status).toBe(302)
  })
})
