/**
 * The demo server end to end: started in-process on a free port, driven with fetch over
 * 127.0.0.1, closed afterwards whatever the tests did.
 */
import { request as httpRequest } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../../../../docs/examples/demo/app.js'
import {
  optionsFromEnv,
  start,
  stop,
  type Started,
} from '../../../../docs/examples/demo/server.js'
import { memoryLogger } from '../../../adapters/node/support.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const SERVER_TIMING = /^app;dur=\d+(\.\d+)?$/

const logger = memoryLogger()
let started: Started | undefined

beforeAll(async () => {
  started = await start({ port: 0, hostname: '127.0.0.1', logger })
  // Never let a forgotten server keep the test process alive.
  started.server.server.unref()
})

afterAll(async () => {
  // stop() cuts remaining connections after the grace period, so this is bounded
  // even when a test failed with a request still open.
  if (started !== undefined) await stop(started.server, 1_000)
})

/**
 * fetch against the demo, failing after 5 s instead of hanging the suite; redirects
 * are answers to check, not to follow.
 */
function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
) {
  if (started === undefined) throw new Error('the demo server did not start')
  return fetch(new URL(path, started.url), {
    method,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(5_000),
    ...(body === undefined ? {} : { body }),
  })
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
/** What a browser adds to a form it posts to the page's own origin. */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' }
const SESSION_COOKIE =
  /^sessionid=[0-9a-f]{40}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/

/** The `name=value` part of the response's one session cookie. */
function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie()
  expect(cookies).toEqual([expect.stringMatching(/^sessionid=/)])
  return cookies[0]!.split(';')[0]!
}

/** Posts the login form of `/`, as a browser on the demo's page does. */
function postLogin(
  cookie: string,
  password: string,
  headers: Record<string, string> = SAME_ORIGIN,
) {
  const body = new URLSearchParams({ username: 'ada', password }).toString()
  return get('/login', { ...FORM, ...headers, cookie }, 'POST', body)
}

describe('the demo server', () => {
  test('listens on 127.0.0.1 with the port it was given (0: a free one)', () => {
    expect(started?.address.hostname).toBe('127.0.0.1')
    expect(started?.address.port).toBeGreaterThan(0)
    expect(started?.url).toBe(`http://127.0.0.1:${started?.address.port}/`)
  })

  test('/ renders the template with the user and the echoed request id', async () => {
    const response = await get('/', { 'x-request-id': 'test-req-1' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('x-request-id')).toBe('test-req-1')
    expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING)
    expect(response.headers.get('x-powered-by')).toBe('shallot')
    expect(response.headers.getSetCookie()).toEqual([
      expect.stringMatching(SESSION_COOKIE),
    ])
    const body = await response.text()
    expect(body).toContain('Hello, guest!')
    expect(body).toContain('<form method="post" action="/login">')
    expect(body).toContain('<code>test-req-1</code>')
  })

  test('generates a request id when none (or an unusable one) is sent', async () => {
    const none = await get('/')
    expect(none.headers.get('x-request-id')).toMatch(UUID)
    const odd = await get('/', { 'x-request-id': '<script>alert(1)</script>' })
    expect(odd.headers.get('x-request-id')).toMatch(UUID)
    expect(await odd.text()).not.toContain('<script>')
  })

  test('the session cookie carries the session from one request to the next', async () => {
    const first = await get('/')
    const cookie = sessionCookie(first)
    expect(await first.text()).toContain('Visits in this session: 1')
    const second = await get('/', { cookie: `theme=dark; ${cookie}` })
    expect(sessionCookie(second)).toBe(cookie) // the same session, saved again
    expect(second.headers.get('vary')).toMatch(/cookie/i)
    expect(await second.text()).toContain('Visits in this session: 2')
  })

  test('the form on / logs in: a new session key, then / greets the user by name', async () => {
    const first = await get('/')
    const anonymous = sessionCookie(first)
    await first.text()

    const loggedIn = await postLogin(anonymous, 'analytical-engine')
    expect(loggedIn.status).toBe(303)
    expect(loggedIn.headers.get('location')).toBe('/')
    const cookie = sessionCookie(loggedIn)
    expect(cookie).not.toBe(anonymous) // cycled: a planted key opens nothing

    const page = await get('/', { cookie })
    const body = await page.text()
    expect(body).toContain('Hello, Ada Lovelace!')
    expect(body).toContain('Visits in this session: 2') // the data moved to the new key
    expect(body).toContain('<form method="post" action="/logout">')
    expect(await (await get('/', { cookie: anonymous })).text()).toContain(
      'Hello, guest!',
    )

    const out = await get('/logout', { ...SAME_ORIGIN, cookie }, 'POST')
    expect(out.status).toBe(303)
    expect(out.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^sessionid=; Max-Age=0; /),
    ])
    expect(await (await get('/', { cookie })).text()).toContain('Hello, guest!')
  })

  test('a wrong password shows the form again with a 401, and logs no one in', async () => {
    const response = await postLogin('', 'wrong')
    expect(response.status).toBe(401)
    const body = await response.text()
    expect(body).toContain('Wrong username or password.')
    expect(body).toContain('Hello, guest!')
  })

  test('/login and /logout take POST only, and /login a form', async () => {
    for (const path of ['/login', '/logout']) {
      const response = await get(path)
      expect(response.status, path).toBe(405)
      expect(response.headers.get('allow'), path).toBe('POST')
      await response.arrayBuffer()
    }
    const json = await get(
      '/login',
      { 'content-type': 'application/json', ...SAME_ORIGIN },
      'POST',
      '{"username":"ada"}',
    )
    expect(json.status).toBe(400)
    await json.arrayBuffer()
  })

  test('csrf: a login posted from another site is a 403; from the page it passes', async () => {
    const crossSite = await postLogin('', 'analytical-engine', {
      'sec-fetch-site': 'cross-site',
    })
    expect(crossSite.status).toBe(403)
    expect(crossSite.headers.getSetCookie()).toEqual([]) // no session was started
    expect(crossSite.headers.get('x-request-id')).toMatch(UUID)
    await crossSite.arrayBuffer()

    const otherOrigin = await postLogin('', 'analytical-engine', {
      origin: 'http://evil.example',
    })
    expect(otherOrigin.status).toBe(403)
    await otherOrigin.arrayBuffer()

    // A browser without fetch metadata sends the page's Origin: the demo's own.
    const ownOrigin = await postLogin('', 'analytical-engine', {
      origin: new URL(started!.url).origin,
    })
    expect(ownOrigin.status).toBe(303)
    await ownOrigin.arrayBuffer()
  })

  test('HEAD / answers the headers without a body', async () => {
    const response = await get('/', {}, 'HEAD')
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toMatch(UUID)
    expect(await response.text()).toBe('')
  })

  test('/boom is a 500 that shows no message or stack, and logs the error', async () => {
    const response = await get('/boom', { 'x-request-id': 'test-boom' })
    expect(response.status).toBe(500)
    expect(response.headers.get('x-request-id')).toBe('test-boom')
    expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING)
    const body = await response.text()
    expect(body).toBe('500 Internal Server Error\n')
    expect(body).not.toMatch(/Something broke|Error:|\bat |\.ts/)
    expect(logger.lines).toContain('error Internal Server Error: GET /boom')
  })

  test('/missing and an unknown path are 404s', async () => {
    for (const path of ['/missing', '/no/such/page']) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('x-request-id'), path).toMatch(UUID)
      expect(await response.text(), path).toBe('404 Not Found\n')
    }
  })

  test('/conflict is a 409 made by the legacy class from a ConflictError', async () => {
    const response = await get('/conflict')
    expect(response.status).toBe(409)
    expect(response.headers.get('x-powered-by')).toBe('shallot')
    expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING)
    expect(await response.text()).toContain('The article changed since you loaded it')
  })
})

describe('the demo’s built-in middleware (shallot/middleware)', () => {
  test('securityHeaders: nosniff, Referrer-Policy, COOP and X-Frame-Options on every page', async () => {
    for (const path of ['/', '/missing']) {
      const response = await get(path)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin')
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe(
        'same-origin',
      )
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
      await response.arrayBuffer()
    }
  })

  test('allowedHosts: a Host header the demo does not serve is a 400', async () => {
    if (started === undefined) throw new Error('the demo server did not start')
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: started!.address.port,
          path: '/',
          headers: { host: 'evil.example' },
          timeout: 5_000,
        },
        (res) => {
          res.resume()
          resolve(res.statusCode)
        },
      )
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')))
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(400)
  })

  test('conditionalGet: the same page twice has the same ETag, and If-None-Match gets a 304', async () => {
    const first = await get('/about')
    const etag = first.headers.get('etag')
    // Weak: compress() gzips the page for fetch, which accepts gzip, and weakens the tag.
    expect(etag).toMatch(/^(W\/)?"[\w-]+"$/)
    await first.arrayBuffer()
    const again = await get('/about', { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  test('compress: gzip when the client accepts it, with Vary: Accept-Encoding', async () => {
    if (started === undefined) throw new Error('the demo server did not start')
    const response = await new Promise<{
      encoding: string | undefined
      vary: string | undefined
      body: string
    }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: started!.address.port,
          path: '/',
          headers: { 'accept-encoding': 'gzip' },
          timeout: 5_000,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({
              encoding: res.headers['content-encoding'],
              vary: res.headers['vary'],
              body: gunzipSync(Buffer.concat(chunks)).toString('utf8'),
            }),
          )
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')))
      req.on('error', reject)
      req.end()
    })
    expect(response.encoding).toBe('gzip')
    expect(response.vary?.toLowerCase()).toContain('accept-encoding')
    expect(response.body).toContain('Hello, guest!')
  })
})

describe('debug mode', () => {
  test('DEBUG=1 turns it on; PORT picks the port (8000 by default)', () => {
    expect(optionsFromEnv({})).toEqual({ port: 8000, debug: false })
    expect(optionsFromEnv({ PORT: '8123', DEBUG: '1' })).toEqual({
      port: 8123,
      debug: true,
    })
    expect(() => optionsFromEnv({ PORT: 'eighty' })).toThrow(/PORT must be/)
  })

  test('with debug on, the 500 shows the error message and stack', async () => {
    const handler = createApp({ debug: true, logger: memoryLogger() })
    const response = await handler(new Request('http://127.0.0.1/boom'))
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(body).toContain('Error: Something broke inside the /boom view.')
    expect(body).toMatch(/\n\s+at /)
  })
})
