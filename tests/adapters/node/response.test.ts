/**
 * How shallot/node writes a `Response` back: lengths, empty bodies, cookies, status
 * text, and what happens when the handler or the body stream fails. Real servers on
 * 127.0.0.1, real clients.
 */
import { describe, expect, test } from 'vitest'
import { createHandler, type Handler } from 'shallot'
import { go, memoryLogger, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const get = (url: string, method = 'GET') =>
  raw(url, `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)

describe('lengths and empty bodies', () => {
  test('a string or bytes body gets its Content-Length and no chunking', async () => {
    const text = await get(await start(async () => new Response('héllo')))
    expect(text).toMatch(/\r\ncontent-length: 6\r\n/i)
    expect(text).not.toMatch(/transfer-encoding/i)
    expect(text.endsWith('\r\n\r\nhéllo')).toBe(true)
    const bytes = await get(await start(async () => new Response(new Uint8Array(300))))
    expect(bytes).toMatch(/\r\ncontent-length: 300\r\n/i)
    const empty = await get(await start(async () => new Response('')))
    expect(empty).toMatch(/\r\ncontent-length: 0\r\n/i)
  })

  test('a Content-Length the response sets is kept', async () => {
    const text = await get(
      await start(
        async () => new Response('abc', { headers: { 'content-length': '3' } }),
      ),
    )
    expect(text.match(/content-length/gi)).toHaveLength(1)
  })

  test('a stream is sent chunked, without a length', async () => {
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 5))
              controller.enqueue(new TextEncoder().encode('part'))
              controller.close()
            },
          }),
        ),
    )
    const text = await get(url)
    expect(text).toMatch(/\r\ntransfer-encoding: chunked\r\n/i)
    expect(text).not.toMatch(/content-length/i)
    expect(text).toContain('\r\n4\r\npart\r\n0\r\n\r\n')
  })

  test('HEAD: the headers of GET, the length of GET, no body', async () => {
    const url = await start(async () => new Response('twelve bytes'))
    const text = await get(url, 'HEAD')
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(text).toMatch(/\r\ncontent-length: 12\r\n/i)
    expect(text.endsWith('\r\n\r\n')).toBe(true)
  })

  test('HEAD on a stream: headers, no body, and the stream is cancelled', async () => {
    let cancelled = false
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            pull: () => new Promise(() => {}),
            cancel: () => void (cancelled = true),
          }),
        ),
    )
    const response = await go(url, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    expect(cancelled).toBe(true)
  })

  test('204 and 304: no body, no length, no chunking', async () => {
    for (const status of [204, 304]) {
      const text = await get(await start(async () => new Response(null, { status })))
      expect(text, String(status)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
      expect(text, String(status)).not.toMatch(/content-length|transfer-encoding/i)
      expect(text.endsWith('\r\n\r\n'), String(status)).toBe(true)
    }
  })
})

describe('headers and status', () => {
  test('several Set-Cookie headers stay apart; status text carries over', async () => {
    const url = await start(async () => {
      const headers = new Headers({ 'x-one': '1' })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT')
      return new Response('made', { status: 201, statusText: 'Made It', headers })
    })
    const response = await go(url)
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Made It')
    expect(response.headers.get('x-one')).toBe('1')
    expect(response.headers.getSetCookie()).toEqual([
      'a=1; Path=/',
      'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
    ])
  })

  test('a Response passed through from fetch() (immutable headers) is sent as is', async () => {
    const upstream = await start(async () =>
      Response.redirect('http://127.0.0.1/x', 302),
    )
    const url = await start(async () => fetch(upstream, { redirect: 'manual' }))
    const response = await go(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('http://127.0.0.1/x')
  })
})

describe('failures: answered, logged, never a crash', () => {
  test('a handler that rejects: 500 with no detail, and the error is logged', async () => {
    const logger = memoryLogger()
    const url = await start(
      async () => {
        throw new Error('secret detail')
      },
      { logger },
    )
    const response = await go(new URL('/x', url))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500 Internal Server Error\n')
    expect(logger.lines).toEqual([
      'error shallot/node: the handler rejected (GET ' +
        new URL('/x', url).href +
        '); answered 500.',
    ])
  })

  test('a handler that throws synchronously or resolves with a non-Response: 500', async () => {
    const logger = memoryLogger()
    const throws = (() => {
      throw new Error('sync')
    }) as Handler
    const notAResponse = (async () => ({ status: 200 })) as unknown as Handler
    expect((await go(await start(throws, { logger }))).status).toBe(500)
    const response = await go(await start(notAResponse, { logger }))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500 Internal Server Error\n')
    expect(logger.lines[1]).toMatch(
      /^error shallot\/node: the handler resolved with a Object, not a Response \(GET /,
    )
  })

  test('a body stream that fails mid-way: the client sees a truncated response', async () => {
    const logger = memoryLogger()
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('first part\n'))
            },
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 10))
              controller.error(new Error('disk on fire'))
            },
          }),
        ),
      { logger },
    )
    const response = await go(url)
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^error shallot\/node: the response body stream failed after the headers were sent \(GET .*\); the connection was closed\.$/,
      ),
    ])
    // The server lives on.
    expect((await go(url, { headers: { connection: 'close' } })).status).toBe(200)
  })

  test('a body stream that fails before its first chunk: 500', async () => {
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.error(new Error('nothing to send'))
            },
          }),
        ),
    )
    const response = await go(url)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500 Internal Server Error\n')
  })

  test('createHandler’s error pages come through unchanged', async () => {
    const url = await start(
      createHandler({
        middleware: [],
        view: () => {
          throw new Error('secret detail')
        },
        logger: memoryLogger(),
      }),
    )
    const response = await go(url)
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('secret detail')
  })
})
