/**
 * `session`: lazy loading, saving only when modified, `Vary: Cookie`, expiry by
 * `maxAge`, `cycleKey` and `flush`, the cookie defaults, both stores and the store
 * interface, the 4 KB limit, and round trips through a real Node server and Lambda v2.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  type Middleware,
  type Req,
} from '../../../src/index.js'
import {
  cookieSessionStore,
  memorySessionStore,
  session,
  type Session,
  type SessionOptions,
  type SessionStore,
} from '../../../src/middleware/index.js'
import { getSignedCookie, setSignedCookie } from '../../../src/cookies/index.js'
import {
  toLambdaHandler,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
} from '../../../adapters/aws-lambda/index.js'
import { toNodeListener } from '../../../adapters/node/index.js'
import { fixture } from '../../adapters/aws-lambda/fixture-events.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
type View = (request: Req<{ session: Session }>) => Response | Promise<Response>

/** A memory store that records each call. */
function spiedStore(inner: SessionStore = memorySessionStore()) {
  const calls: string[] = []
  const store: SessionStore = {
    get: (key) => (calls.push(`get ${key}`), inner.get(key)),
    set: (key, data, ttl) => (
      calls.push(`set ${key} ${ttl}`),
      inner.set(key, data, ttl)
    ),
    delete: (key) => (calls.push(`delete ${key}`), inner.delete(key)),
  }
  return { store, calls, inner }
}

function app(options: SessionOptions, view: View) {
  return createHandler({ middleware: [session(options)], view, logger: quiet })
}

function get(cookie?: string, url = 'http://localhost/') {
  return new Request(url, cookie === undefined ? {} : { headers: { cookie } })
}

/** The name=value pair of the response's session cookie. */
const pair = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((line) => line.startsWith('sessionid='))
    ?.split(';')[0]

const counter: View = async (request) => {
  const visits = ((await request.session.get<number>('visits')) ?? 0) + 1
  await request.session.set('visits', visits)
  return new Response(String(visits))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('session with memorySessionStore', () => {
  it('round trip: the cookie sent back opens the same session', async () => {
    const handler = app({ store: memorySessionStore() }, counter)
    const first = await handler(get())
    expect(await first.text()).toBe('1')
    const cookie = pair(first)!
    expect(cookie).toMatch(/^sessionid=[0-9a-f]{40}$/)
    expect(await (await handler(get(cookie))).text()).toBe('2')
    expect(await (await handler(get(cookie))).text()).toBe('3')
  })

  it('cookie defaults: HttpOnly, SameSite=Lax, Path=/, Max-Age; Secure only over https', async () => {
    const handler = app({ store: memorySessionStore() }, counter)
    const plain = (await handler(get())).headers.get('set-cookie')!
    expect(plain).toMatch(
      /^sessionid=[0-9a-f]{40}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    const https = (await handler(get(undefined, 'https://example.com/'))).headers.get(
      'set-cookie',
    )!
    expect(https).toMatch(/; HttpOnly; Secure; SameSite=Lax$/)
  })

  it('cookie options: name and attributes as given, secure: false even over https', async () => {
    const handler = app(
      {
        store: memorySessionStore(),
        maxAge: 60,
        cookie: {
          name: 'sid',
          domain: 'example.com',
          path: '/app',
          sameSite: 'Strict',
          secure: false,
        },
      },
      counter,
    )
    const line = (await handler(get(undefined, 'https://example.com/app'))).headers.get(
      'set-cookie',
    )!
    expect(line).toMatch(
      /^sid=[0-9a-f]{40}; Max-Age=60; Domain=example.com; Path=\/app; HttpOnly; SameSite=Strict$/,
    )
  })

  it('loads lazily: a view that never touches the session reads nothing, sets nothing', async () => {
    const { store, calls } = spiedStore()
    const handler = app({ store }, () => new Response('ok'))
    const response = await handler(get(`sessionid=${'a'.repeat(40)}`))
    expect(calls).toEqual([])
    expect(response.headers.get('vary')).toBeNull()
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('a read adds Vary: Cookie and saves nothing; a write saves once', async () => {
    const { store, calls } = spiedStore()
    const cookie = pair(await app({ store }, counter)(get()))!
    calls.length = 0
    const read = await app({ store }, async (request) => {
      const [a, b] = await Promise.all([
        request.session.get('visits'),
        request.session.get('missing'),
      ])
      return new Response(`${String(a)} ${String(b)}`)
    })(get(cookie))
    expect(await read.text()).toBe('1 undefined')
    expect(read.headers.get('vary')).toBe('Cookie')
    expect(read.headers.get('set-cookie')).toBeNull()
    expect(calls).toEqual([`get ${cookie.slice(10)}`]) // one load for both reads
  })

  it('Vary keeps what the view listed', async () => {
    const handler = app({ store: memorySessionStore() }, async (request) => {
      await request.session.get('x')
      return new Response('ok', { headers: { vary: 'Accept' } })
    })
    expect((await handler(get())).headers.get('vary')).toBe('Accept, Cookie')
  })

  it('a load the view started without awaiting is finished before the response', async () => {
    const { store } = spiedStore()
    const handler = app({ store }, (request) => {
      void request.session.get('x')
      return new Response('ok')
    })
    expect((await handler(get())).headers.get('vary')).toBe('Cookie')
  })

  it('deleting a missing key saves nothing; deleting a present one saves', async () => {
    const { store, calls } = spiedStore()
    const handler = app({ store }, async (request) => {
      await request.session.delete(new URL(request.url).searchParams.get('k')!)
      return new Response('ok')
    })
    const cookie = pair(
      await app({ store }, async (request) => {
        await request.session.set('a', 1)
        await request.session.set('b', 2)
        return new Response('ok')
      })(get()),
    )!
    calls.length = 0
    expect(
      (await handler(get(cookie, 'http://localhost/?k=z'))).headers.get('set-cookie'),
    ).toBeNull()
    expect(calls.some((call) => call.startsWith('set'))).toBe(false)
    const saved = await handler(get(cookie, 'http://localhost/?k=a'))
    expect(pair(saved)).toBe(cookie) // same key
    expect(await store.get(cookie.slice(10))).toEqual({ b: 2 })
  })

  it('an emptied session has its cookie deleted and its entry removed', async () => {
    const { store } = spiedStore()
    const cookie = pair(await app({ store }, counter)(get()))!
    const key = cookie.slice(10)
    const cleared = await app({ store }, async (request) => {
      await request.session.clear()
      return new Response('ok')
    })(get(cookie))
    expect(cleared.headers.get('set-cookie')).toMatch(
      /^sessionid=; Max-Age=0; Path=\/; Expires=/,
    )
    expect(await store.get(key)).toBeUndefined()
  })

  it('clear on an empty new session sends no cookie', async () => {
    const response = await app({ store: memorySessionStore() }, async (request) => {
      await request.session.clear()
      return new Response('ok')
    })(get())
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(response.headers.get('vary')).toBe('Cookie')
  })

  it('cycleKey keeps the data under a new key and deletes the old one from the store', async () => {
    const { store, calls } = spiedStore()
    const cookie = pair(await app({ store }, counter)(get()))!
    const old = cookie.slice(10)
    calls.length = 0
    const login = app({ store }, async (request) => {
      await request.session.cycleKey()
      await request.session.set('user', 7)
      return new Response('ok')
    })
    const cycled = pair(await login(get(cookie)))!
    expect(cycled).toMatch(/^sessionid=[0-9a-f]{40}$/)
    expect(cycled).not.toBe(cookie)
    expect(calls).toContain(`delete ${old}`)
    expect(await store.get(old)).toBeUndefined()
    expect(await store.get(cycled.slice(10))).toEqual({ visits: 1, user: 7 })
    // On a new session there is no old key to delete.
    calls.length = 0
    expect(pair(await login(get()))).toMatch(/^sessionid=[0-9a-f]{40}$/)
    expect(calls.some((call) => call.startsWith('delete'))).toBe(false)
  })

  it('flush deletes the session from the store and the cookie from the client', async () => {
    const { store } = spiedStore()
    const cookie = pair(await app({ store }, counter)(get()))!
    const logout = app({ store }, async (request) => {
      await request.session.flush()
      return new Response('ok')
    })
    const response = await logout(get(cookie))
    expect(response.headers.get('set-cookie')).toMatch(/^sessionid=; Max-Age=0/)
    expect(await store.get(cookie.slice(10))).toBeUndefined()
    // Flushing with no session sends nothing.
    expect((await logout(get())).headers.get('set-cookie')).toBeNull()
  })

  it('expires by maxAge: the store forgets the session after maxAge seconds', async () => {
    let now = 1_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => now)
    const store = memorySessionStore()
    const handler = app({ store, maxAge: 10 }, counter)
    const cookie = pair(await handler(get()))!
    now += 9_999
    expect(await (await handler(get(cookie))).text()).toBe('2')
    now += 10_000
    const expired = await handler(get(cookie))
    expect(await expired.text()).toBe('1')
    expect(pair(expired)).not.toBe(cookie) // a new key, never the one sent
  })

  it('an unknown or malformed key is a new session under a new key', async () => {
    const { store, calls } = spiedStore()
    const handler = app({ store }, counter)
    const unknown = await handler(get(`sessionid=${'b'.repeat(40)}`))
    expect(await unknown.text()).toBe('1')
    expect(pair(unknown)).not.toBe(`sessionid=${'b'.repeat(40)}`)
    calls.length = 0
    await handler(get('sessionid=../../etc'))
    expect(calls.filter((call) => call.startsWith('get'))).toEqual([]) // never asked
  })

  it('keys are 160 random bits from crypto.getRandomValues', async () => {
    const spy = vi.spyOn(crypto, 'getRandomValues')
    const handler = app({ store: memorySessionStore() }, counter)
    const keys = new Set<string>()
    for (let i = 0; i < 20; i++) keys.add(pair(await handler(get()))!)
    expect(keys.size).toBe(20)
    expect(spy).toHaveBeenCalledWith(expect.any(Uint8Array))
    expect((spy.mock.calls[0]![0] as Uint8Array).length).toBe(20)
  })

  it('a 500 saves nothing (Django)', async () => {
    const { store, calls } = spiedStore()
    const response = await app({ store }, async (request) => {
      await request.session.set('x', 1)
      return new Response('down', { status: 503 })
    })(get())
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(response.headers.get('vary')).toBe('Cookie')
    expect(calls.some((call) => call.startsWith('set'))).toBe(false)
  })

  it('a key named like an Object property reads as absent and saves as data', async () => {
    const store = memorySessionStore()
    const handler = app({ store }, async (request) => {
      const before = await request.session.get('toString')
      await request.session.set('__proto__', 'x')
      return new Response(String(before))
    })
    const response = await handler(get())
    expect(await response.text()).toBe('undefined')
    const saved = await store.get(pair(response)!.slice(10))
    expect(Object.getOwnPropertyDescriptor(saved, '__proto__')?.value).toBe('x')
  })

  it('with secrets, the key is signed and a forged one is ignored', async () => {
    const { store, calls } = spiedStore()
    const handler = app({ store, secrets: 'k' }, counter)
    const cookie = pair(await handler(get()))!
    expect(cookie).toMatch(/^sessionid=[0-9a-f]{40}\.[\w-]{43}$/)
    expect(await (await handler(get(cookie))).text()).toBe('2')
    calls.length = 0
    const forged = cookie.slice(0, 10) + 'c'.repeat(40) + cookie.slice(50)
    expect(await (await handler(get(forged))).text()).toBe('1')
    expect(calls.filter((call) => call.startsWith('get'))).toEqual([])
  })

  it('memorySessionStore sweeps expired entries every 1000 saves', async () => {
    let now = 0
    vi.spyOn(Date, 'now').mockImplementation(() => now)
    const store = memorySessionStore()
    const entries = vi.spyOn(Map.prototype, 'delete')
    await store.set('old', { a: 1 }, 1)
    await store.set('kept', { a: 2 }, 100)
    now = 5_000
    for (let i = 0; i < 997; i++) await store.set(`k${i}`, {}, 100)
    expect(entries).not.toHaveBeenCalledWith('old')
    await store.set('last', {}, 100) // the 1000th save
    expect(entries).toHaveBeenCalledWith('old')
    expect(entries).not.toHaveBeenCalledWith('kept')
    expect(await store.get('kept')).toEqual({ a: 2 })
  })
})

describe('session with cookieSessionStore', () => {
  const options = { store: cookieSessionStore(), secrets: ['new', 'old'] }

  it('keeps the data in the signed cookie, with no server state', async () => {
    const handler = app(options, counter)
    const cookie = pair(await handler(get()))!
    expect(cookie).toMatch(/^sessionid=[\w-]+\.[\w-]{43}$/)
    const second = await handler(get(cookie))
    expect(await second.text()).toBe('2')
    expect(await (await handler(get(pair(second)))).text()).toBe('3')
  })

  it('a modified cookie is rejected: a new empty session', async () => {
    const handler = app(options, counter)
    const cookie = pair(await handler(get()))!
    const tampered = cookie.replace(
      /^sessionid=./,
      (start) => start.slice(0, -1) + (start.endsWith('A') ? 'B' : 'A'),
    )
    expect(await (await handler(get(tampered))).text()).toBe('1')
  })

  it('a dropped cookie is reported at debug to the logger given, never to the client', async () => {
    const lines: string[] = []
    const logger = { debug: (line: string) => void lines.push(line) }
    const handler = app({ ...options, logger }, counter)
    const cookie = pair(await handler(get()))!
    expect(lines).toEqual([])
    const truncated = cookie.slice(0, -5)
    const response = await handler(get(truncated))
    expect(await response.text()).toBe('1')
    expect(lines).toEqual([
      'session() dropped cookie sessionid: its signature does not verify (tampered, truncated or signed with a secret not in secrets).',
    ])
    const throwing = {
      debug() {
        throw new Error('logger down')
      },
    }
    const guarded = app({ ...options, logger: throwing }, counter)
    expect(await (await guarded(get(truncated))).text()).toBe('1')
  })

  it('a server-store cookie that is no key session() makes is reported', async () => {
    const lines: string[] = []
    const handler = app(
      {
        store: memorySessionStore(),
        logger: { debug: (line) => void lines.push(line) },
      },
      counter,
    )
    expect(await (await handler(get('sessionid=../../etc'))).text()).toBe('1')
    expect(lines).toEqual([
      'session() dropped cookie sessionid: it does not hold a key session() makes.',
    ])
  })

  it('a cookie signed with an old secret verifies and is re-signed with the new one', async () => {
    const before = pair(await app({ ...options, secrets: ['old'] }, counter)(get()))!
    const after = await app(options, counter)(get(before))
    expect(await after.text()).toBe('2')
    const resent = get(pair(after))
    expect(await getSignedCookie(resent, 'sessionid', ['new'])).toBeDefined()
  })

  it('expires by maxAge even when the client keeps the cookie', async () => {
    let now = 1_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => now)
    const handler = app({ ...options, maxAge: 5 }, counter)
    const cookie = pair(await handler(get()))!
    now += 5_000
    expect(await (await handler(get(cookie))).text()).toBe('1')
  })

  it('a signed value that is not a session is no session', async () => {
    const handler = app(options, counter)
    const encode = (value: unknown) =>
      btoa(JSON.stringify(value))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    const far = Date.now() + 60_000
    for (const value of [
      'not base64 json!',
      encode('a string'),
      encode({ e: 'soon', d: {} }),
      encode({ e: far, d: null }),
      encode({ e: far, d: [1] }),
      encode({ e: far, d: 'x' }),
      btoa('\xff\xfe').replace(/=+$/, ''), // not UTF-8
    ]) {
      const signed = await setSignedCookie(
        new Response(),
        'sessionid',
        value.replace(/ /g, '_'),
        'new',
      )
      const cookie = signed.headers.get('set-cookie')!.split(';')[0]!
      expect(await (await handler(get(cookie))).text()).toBe('1')
    }
    const good = await setSignedCookie(
      new Response(),
      'sessionid',
      encode({ e: far, d: { visits: 41 } }),
      'new',
    )
    expect(
      await (await handler(get(good.headers.get('set-cookie')!.split(';')[0]))).text(),
    ).toBe('42')
  })

  it('cycleKey and flush replace and delete the cookie', async () => {
    const handler = app(options, async (request) => {
      if (request.url.endsWith('out')) await request.session.flush()
      else await request.session.cycleKey()
      return new Response('ok')
    })
    const cookie = pair(await app(options, counter)(get()))!
    expect(pair(await handler(get(cookie, 'http://localhost/in')))).toMatch(
      /^sessionid=.+\./,
    )
    expect(
      (await handler(get(cookie, 'http://localhost/out'))).headers.get('set-cookie'),
    ).toMatch(/^sessionid=; Max-Age=0/)
  })

  it('a session past 4096 bytes is a 500 with a clear message, not a dropped cookie', async () => {
    const errors: unknown[] = []
    const handler = createHandler({
      middleware: [session(options)],
      view: async (request) => {
        await request.session.set('big', 'x'.repeat(3000))
        return new Response('ok')
      },
      logger: {
        ...quiet,
        error: (_message: string, error?: unknown) => void errors.push(error),
      },
    })
    const response = await handler(get())
    expect(response.status).toBe(500)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(String(errors[0])).toMatch(
      /session\(\) cookie sessionid would be \d+ bytes, past the 4096/,
    )
    // Just under the limit is sent.
    const fits = app(options, async (request) => {
      await request.session.set('big', 'x'.repeat(2900))
      return new Response('ok')
    })
    expect(pair(await fits(get()))!.length).toBeLessThanOrEqual(4096)
  })
})

describe('session: build-time checks', () => {
  const store = memorySessionStore()
  it.each<[string, unknown]>([
    ['no options', undefined],
    ['no store', {}],
    ['a store without methods', { store: { get() {} } }],
    ['a null store', { store: null }],
    ['an unknown option', { store, secret: 'x' }],
    ['empty secrets', { store, secrets: [] }],
    ['an empty secret', { store, secrets: '' }],
    ['secrets not a string or list', { store, secrets: 5 }],
    ['the cookie store without secrets', { store: cookieSessionStore() }],
    ['a zero maxAge', { store, maxAge: 0 }],
    ['a fractional maxAge', { store, maxAge: 1.5 }],
    ['an unknown cookie option', { store, cookie: { maxAge: 5 } }],
    ['a cookie name that is not a token', { store, cookie: { name: 'a b' } }],
    ['a bad cookie path', { store, cookie: { path: 'app' } }],
    ['a logger without debug', { store, logger: { warn() {} } }],
    ['a null logger', { store, logger: null }],
  ])('%s is ImproperlyConfigured', (_name, options) => {
    expect(() => session(options as SessionOptions)).toThrow(ImproperlyConfigured)
  })

  it('names the cookie problem', () => {
    expect(() => session({ store, cookie: { path: 'app' } })).toThrow(
      /session\(\) option cookie: /,
    )
  })
})

describe('session: the order check knows it provides session', () => {
  it('a layer needing session goes inside it, and fails to compile outside', () => {
    const needs: Middleware<{ session: Session }> = (getResponse) => getResponse
    const view = () => new Response('ok')
    createHandler({
      middleware: [session({ store: memorySessionStore() }), needs],
      view,
    })
    const outer = session({ store: memorySessionStore() })
    // Compiles only with the error: nothing outside `needs` provides `session`.
    // @ts-expect-error: out of order
    expect(() => createHandler({ middleware: [needs, outer], view })).not.toThrow()
  })
})

describe('session round trips through the adapters', () => {
  const handler = createHandler({
    middleware: [session({ store: memorySessionStore(), secrets: ['s'] })],
    view: async (request) => {
      const visits = ((await request.session.get<number>('visits')) ?? 0) + 1
      await request.session.set('visits', visits)
      const headers = new Headers({ 'content-type': 'text/plain' })
      headers.append('set-cookie', 'theme=dark; Path=/')
      return new Response(String(visits), { headers })
    },
    logger: quiet,
  })

  it('toNodeListener on 127.0.0.1: the cookie sent back opens the session', async () => {
    const server = createServer(toNodeListener(handler, { logger: quiet }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const url = `http://127.0.0.1:${port}/`
      const first = await fetch(url, { signal: AbortSignal.timeout(5_000) })
      expect(await first.text()).toBe('1')
      const lines = first.headers.getSetCookie()
      expect(lines).toHaveLength(2)
      expect(first.headers.get('vary')).toBe('Cookie')
      const cookie = lines.map((line) => line.split(';')[0]!).join('; ')
      const second = await fetch(url, {
        headers: { cookie },
        signal: AbortSignal.timeout(5_000),
      })
      expect(await second.text()).toBe('2')
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('toLambdaHandler v2: the cookies array out, and back in the next event', async () => {
    const lambda = toLambdaHandler(handler, { logger: quiet })
    const event = fixture<ApiGatewayV2Event>('sam/HttpApi.json')
    const first = (await lambda({ ...event, cookies: [] })) as ApiGatewayV2Result
    expect(first.body).toBe('1')
    expect(first.cookies).toHaveLength(2)
    const second = (await lambda({
      ...event,
      cookies: first.cookies!.map((line) => line.split(';')[0]!),
    })) as ApiGatewayV2Result
    expect(second.body).toBe('2')
  })
})
