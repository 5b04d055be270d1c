/**
 * The `Request` shallot/node hands to the stack: what it answers, when it reads the
 * socket, and its platform objects. Real servers on 127.0.0.1, real clients (fetch,
 * raw sockets).
 */
import { describe, expect, test } from 'vitest'
import type { Handler } from 'shallot'
import { nodePlatform, serve } from 'shallot/node'
import { go, quiet, raw, serverPerTest } from './support.js'

/** A server on 127.0.0.1:<free port>; stopped after each test, within a second. */
const start = serverPerTest()

describe('what the stack sees', () => {
  test('passes instanceof Request, with method, URL and headers as sent', async () => {
    let seen: Record<string, unknown> = {}
    const url = await start(async (request) => {
      seen = {
        isRequest: request instanceof Request,
        tag: Object.prototype.toString.call(request),
        method: request.method,
        url: request.url,
        multi: request.headers.get('x-multi'),
        cookie: request.headers.get('cookie'),
        headersAreHeaders: request.headers instanceof Headers,
        body: request.body,
        mode: request.mode,
        redirect: request.redirect,
      }
      return new Response('ok')
    })
    await go(new URL('/a/b?x=1&x=2', url), {
      method: 'DELETE',
      headers: [
        ['x-multi', 'one'],
        ['x-multi', 'two'],
        ['cookie', 'a=1; b=2'],
      ],
    })
    expect(seen).toEqual({
      isRequest: true,
      tag: '[object Request]',
      method: 'DELETE',
      url: new URL('/a/b?x=1&x=2', url).href,
      multi: 'one, two',
      cookie: 'a=1; b=2',
      headersAreHeaders: true,
      body: null,
      mode: 'cors',
      redirect: 'follow',
    })
  })

  test('URLs come out as new URL() would write them', async () => {
    const urls: string[] = []
    const url = await start(async (request) => {
      urls.push(request.url)
      return new Response('ok')
    })
    const { port } = new URL(url)
    const get = (target: string, host = `127.0.0.1:${port}`) =>
      raw(url, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
    await get('/a/../b/./c')
    await get('/x%2e%2e/%2E%2E/y')
    await get('/q?a="b"')
    await get('//evil.example/path')
    await get('http://other.example/abs?x=1')
    await get('/', `EXAMPLE.com:80`)
    expect(urls).toEqual([
      `http://127.0.0.1:${port}/b/c`,
      `http://127.0.0.1:${port}/y`,
      `http://127.0.0.1:${port}/q?a=%22b%22`,
      // The request target never changes the host.
      `http://127.0.0.1:${port}//evil.example/path`,
      `http://127.0.0.1:${port}/abs?x=1`,
      'http://example.com/',
    ])
  })

  test('an invalid Host header is a 400, the stack never runs, the server lives on', async () => {
    let ran = 0
    const warnings: string[] = []
    const url = await start(
      async () => {
        ran++
        return new Response('ok')
      },
      { logger: { ...quiet, warn: (message) => void warnings.push(message) } },
    )
    for (const host of ['a b', 'evil.example/x', 'user@evil.example', 'x:99999']) {
      const answer = await raw(
        url,
        `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
      expect(answer, host).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(answer, host).toContain('\r\n\r\n400 Bad Request\n')
    }
    expect(ran).toBe(0)
    expect(warnings[0]).toBe('Bad Request: invalid Host header "a b"')
    expect((await go(url)).status).toBe(200)
  })

  test('HTTP/1.0 without a Host header: the origin is http://localhost', async () => {
    let seen = ''
    const url = await start(async (request) => {
      seen = request.url
      return new Response('ok')
    })
    const answer = await raw(url, 'GET /old HTTP/1.0\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(seen).toBe('http://localhost/old')
  })

  test('origin fixes the origin; trustProxy reads X-Forwarded-Proto and -Host', async () => {
    const seen: string[] = []
    const handler: Handler = async (request) => {
      seen.push(request.url)
      return new Response('ok')
    }
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shop.example, proxy.internal',
    }
    await go(new URL('/p', await start(handler)), { headers: forwarded })
    await go(new URL('/p', await start(handler, { trustProxy: true })), {
      headers: forwarded,
    })
    await go(new URL('/p', await start(handler, { origin: 'https://fixed.example' })), {
      headers: forwarded,
    })
    expect(seen[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p$/)
    expect(seen.slice(1)).toEqual(['https://shop.example/p', 'https://fixed.example/p'])
    expect(() => serve(handler, { origin: 'https://x.example/path' })).toThrow(
      /origin must be like "https:\/\/example.com"/,
    )
  })
})

describe('the body', () => {
  const echo =
    (read: (request: Request) => Promise<unknown>): Handler =>
    async (request) =>
      Response.json({ got: await read(request), used: request.bodyUsed })

  test('text(), json(), arrayBuffer() and bytes() read it from the socket', async () => {
    const send = async (handler: Handler, body: string) =>
      (
        await go(await start(handler), { method: 'POST', body })
      ).json() as Promise<unknown>
    expect(
      await send(
        echo((r) => r.text()),
        'héllo',
      ),
    ).toEqual({
      got: 'héllo',
      used: true,
    })
    expect(
      await send(
        echo((r) => r.json()),
        '{"a":[1,2]}',
      ),
    ).toEqual({
      got: { a: [1, 2] },
      used: true,
    })
    expect(
      await send(
        echo(async (r) => [...new Uint8Array(await r.arrayBuffer())]),
        'ab',
      ),
    ).toEqual({ got: [97, 98], used: true })
    expect(
      await send(
        echo(async (r) => [...(await r.bytes())]),
        'ab',
      ),
    ).toEqual({ got: [97, 98], used: true })
  })

  test('reading twice fails as it does on a real Request', async () => {
    const url = await start(async (request) => {
      await request.text()
      const second = await request.text().then(
        () => 'read again',
        (error: Error) => error.name,
      )
      return new Response(second)
    })
    expect(await (await go(url, { method: 'POST', body: 'x' })).text()).toBe(
      'TypeError',
    )
  })

  test('a form body through formData()', async () => {
    const url = await start(async (request) => {
      const form = await request.formData()
      return new Response(
        `${form.get('name') as string} ${nodePlatform(request)?.runtime}`,
      )
    })
    const body = new URLSearchParams({ name: 'ada' })
    expect(await (await go(url, { method: 'POST', body })).text()).toBe('ada node')
  })

  test('a GET has no body; a POST without a length has none either', async () => {
    const seen: unknown[] = []
    const url = await start(async (request) => {
      seen.push(request.body, await request.text())
      return new Response('ok')
    })
    await go(url)
    await raw(url, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(seen).toEqual([null, '', null, ''])
  })
})

describe('platform objects and real Requests', () => {
  test('nodePlatform: on the adapter’s request (after provide too), not on a copy', async () => {
    let seen: unknown[] = []
    const url = await start(async (request) => {
      const platform = nodePlatform(request)
      const copy = new Request(request, { headers: { 'x-copy': '1' } })
      seen = [
        platform?.runtime,
        platform?.req.httpVersion,
        typeof platform?.res.setHeader,
        nodePlatform(Object.assign(request, { user: 'ada' })) === platform,
        nodePlatform(copy),
        nodePlatform(request.clone())?.runtime,
      ]
      return new Response('ok')
    })
    await go(url)
    expect(seen).toEqual(['node', '1.1', 'function', true, undefined, 'node'])
  })

  test('fetch(new Request(upstream, request)) forwards the request, body streamed', async () => {
    const upstream = await start(
      async (request) => new Response(`${request.method} ${await request.text()}`),
    )
    const proxy = await start(async (request) =>
      fetch(new Request(new URL('/', upstream), request)),
    )
    const response = await go(proxy, { method: 'PATCH', body: 'forwarded' })
    expect(await response.text()).toBe('PATCH forwarded')
  })
})
