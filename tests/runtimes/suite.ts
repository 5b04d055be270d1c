/**
 * The HTTP assertions every runtime must pass, against the stack in stack.ts served by
 * that runtime's adapter on 127.0.0.1. A runtime's test file calls `httpSuite` with a
 * function that starts its server and returns its origin and a `stop()`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Stops the server (and its process); must finish within a few seconds. */
  stop(): Promise<void>
}

export interface SuiteOptions {
  /** What `/platform` answers on this runtime. */
  readonly platform: string | RegExp
  /** The runtime streams response bodies (chunks arrive before the body ends). */
  readonly streams: boolean
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

export function httpSuite(
  runtime: string,
  start: () => Promise<RunningServer>,
  options: SuiteOptions,
): void {
  describe(`shared HTTP suite on ${runtime}`, () => {
    let server: RunningServer
    const url = (path: string) => `${server.origin}${path}`

    beforeAll(async () => {
      server = await start()
    }, 60_000)
    afterAll(async () => {
      await server?.stop()
    }, 20_000)

    it('GET /: the view’s body, a native layer’s and a hook class’s headers', async () => {
      const response = await fetch(url('/'))
      expect(response.status).toBe(200)
      expect(await response.text()).toBe('hello')
      expect(response.headers.get('x-stack')).toBe('shallot')
      expect(response.headers.get('x-powered-by')).toBe('shallot')
      expect(response.headers.get('content-type')).toBe('text/plain')
    })

    it('POST /echo: a 1 MiB body goes in and comes back byte for byte', async () => {
      const body = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 255)
      const response = await fetch(url('/echo'), {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/octet-stream' },
      })
      expect(response.status).toBe(200)
      const echoed = new Uint8Array(await response.arrayBuffer())
      expect(echoed.byteLength).toBe(body.byteLength)
      expect(Buffer.compare(echoed, body)).toBe(0)
    })

    it(
      'GET /stream: every chunk, in order' +
        (options.streams ? ', the first before the body ends' : ''),
      async () => {
        const response = await fetch(url('/stream'))
        expect(response.status).toBe(200)
        const reader = response.body!.getReader()
        const first = await reader.read()
        let rest = ''
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          rest += text(value)
        }
        const all = text(first.value!) + rest
        expect(all).toBe('one\ntwo\nthree\n')
        if (options.streams) expect(text(first.value!)).toBe('one\n')
      },
    )

    it('two Set-Cookie headers both arrive', async () => {
      const response = await fetch(url('/cookies'))
      expect(response.headers.getSetCookie()).toEqual([
        'a=1; Path=/',
        'b=2; Path=/; HttpOnly',
      ])
    })

    it('a signed-cookie session survives a round trip beside a second Set-Cookie', async () => {
      const login = await fetch(url('/session/login'), { method: 'POST' })
      expect(await login.text()).toBe('logged in')
      const cookies = login.headers.getSetCookie()
      expect(cookies.map((line) => line.split('=')[0])).toEqual(['theme', 'sessionid'])
      const sessionCookie = cookies[1]!.split(';')[0]!
      expect(cookies[1]).toMatch(/; HttpOnly/)
      expect(cookies[1]).toMatch(/; SameSite=Lax/)
      const me = await fetch(url('/session/me'), { headers: { cookie: sessionCookie } })
      expect(await me.text()).toBe('ada')
      expect(me.headers.get('vary')).toMatch(/cookie/i)
      const stranger = await fetch(url('/session/me'))
      expect(await stranger.text()).toBe('guest')
      const tampered =
        sessionCookie.slice(0, -2) + (sessionCookie.endsWith('A') ? 'BB' : 'AA')
      const forged = await fetch(url('/session/me'), { headers: { cookie: tampered } })
      expect(await forged.text()).toBe('guest')
    })

    it('csrf: a cross-site POST is 403, a same-origin one passes', async () => {
      const crossSite = await fetch(url('/session/login'), {
        method: 'POST',
        headers: { 'sec-fetch-site': 'cross-site' },
      })
      expect(crossSite.status).toBe(403)
      expect(crossSite.headers.getSetCookie()).toEqual([])
      const nullOrigin = await fetch(url('/session/logout'), {
        method: 'POST',
        headers: { origin: 'null' },
      })
      expect(nullOrigin.status).toBe(403)
      const sameOrigin = await fetch(url('/session/login'), {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      })
      expect(sameOrigin.status).toBe(200)
    })

    it('204 and 304 arrive with no body', async () => {
      const noContent = await fetch(url('/no-content'))
      expect(noContent.status).toBe(204)
      expect(await noContent.text()).toBe('')
      const notModified = await fetch(url('/not-modified'))
      expect(notModified.status).toBe(304)
      expect(notModified.headers.get('etag')).toBe('"v1"')
      expect(await notModified.text()).toBe('')
    })

    it('HEAD: the headers of GET, no body', async () => {
      const response = await fetch(url('/'), { method: 'HEAD' })
      expect(response.status).toBe(200)
      expect(response.headers.get('x-stack')).toBe('shallot')
      expect(await response.text()).toBe('')
    })

    it('an error in the view: a 500 with no detail of it', async () => {
      const response = await fetch(url('/boom'))
      expect(response.status).toBe(500)
      const body = await response.text()
      expect(body).not.toContain('secret detail')
      expect(body).not.toContain('at ')
      // The error page is made as `text()` makes its responses; its body arrives whole.
      expect(body).toBe('500 Internal Server Error\n')
    })

    it('no route: 404', async () => {
      const response = await fetch(url('/missing'))
      expect(response.status).toBe(404)
      expect(await response.text()).toBe('404 Not Found\n')
    })

    it('query strings: repeated and encoded parameters arrive decoded once', async () => {
      const response = await fetch(url('/query?a=1&a=2&b=%2Fx%20y'))
      expect(await response.json()).toEqual({
        pathname: '/query',
        a: ['1', '2'],
        b: '/x y',
      })
    })

    it('binary bodies: all 256 byte values come back as sent', async () => {
      const response = await fetch(url('/binary'))
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([...bytes]).toEqual(Array.from({ length: 256 }, (_, i) => i))
    })

    it('request headers reach the view: cookie, a repeated header, host', async () => {
      const response = await fetch(url('/headers'), {
        headers: [
          ['cookie', 'a=1; b=2'],
          ['x-multi', 'one'],
          ['x-multi', 'two'],
        ],
      })
      const seen = (await response.json()) as Record<string, string | null>
      expect(seen['cookie']).toBe('a=1; b=2')
      expect(seen['multi']).toBe('one, two')
      expect(seen['host']).toBe(new URL(server.origin).host)
    })

    it('a helper response (text()) arrives whole; HEAD gets its headers only', async () => {
      const response = await fetch(url('/helper'))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(response.headers.get('x-stack')).toBe('shallot')
      expect(await response.text()).toBe('hello from text()')
      const head = await fetch(url('/helper'), { method: 'HEAD' })
      expect(head.headers.get('x-powered-by')).toBe('shallot')
      expect(await head.text()).toBe('')
    })

    it('helper responses behave as real ones on this runtime (conformance checks)', async () => {
      const response = await fetch(url('/conformance'))
      expect(await response.json()).toEqual([])
    })

    it('the adapter’s platform objects are reachable from the stack', async () => {
      const response = await fetch(url('/platform'))
      const body = await response.text()
      if (typeof options.platform === 'string') expect(body).toBe(options.platform)
      else expect(body).toMatch(options.platform)
    })
  })
}
