/**
 * Responses the adapter cannot send as they are: header values Node refuses, stream
 * chunks that are not bytes, lengths that lie, framing on answers without content, and
 * HEAD through `compress()`. Each one must leave the connection in step and the body
 * stream cancelled. Real servers on 127.0.0.1, raw sockets to see the framing.
 */
import { describe, expect, test } from 'vitest'
import { createHandler } from 'shallot'
import { compress } from 'shallot/middleware'
import { exchange } from './sockets.js'
import { memoryLogger, serverPerTest, sleep, until } from './support.js'

const start = serverPerTest()

/** Every status line in `answer`, also one right after a body with no line break. */
const statuses = (answer: string): number[] =>
  [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))

const GET = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
const GET_CLOSE = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'

/** A body stream that says whether it was cancelled; `chunks` come after `delayMs`. */
function watched(chunks: unknown[], { delayMs = 0, close = true } = {}) {
  const state = { cancelled: false }
  const stream = new ReadableStream({
    async start(controller) {
      if (delayMs > 0) await sleep(delayMs)
      if (state.cancelled) return
      for (const chunk of chunks) controller.enqueue(chunk)
      if (close) controller.close()
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { stream: stream as ReadableStream<Uint8Array>, state }
}

describe('failures before and after the headers', () => {
  test('a header value Node refuses: 500 with its reason phrase, the body cancelled', async () => {
    const logger = memoryLogger()
    const bodies: { cancelled: boolean }[] = []
    const url = await start(
      async () => {
        const { stream, state } = watched([new Uint8Array([104, 105])], {
          close: false,
        })
        bodies.push(state)
        return new Response(stream, {
          headers: { 'content-disposition': 'attachment; filename="a\u0001b"' },
        })
      },
      { logger },
    )
    for (let i = 0; i < 3; i++) {
      const { answer } = await exchange(url, GET_CLOSE, { end: false })
      expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/)
      expect(answer.endsWith('\r\n\r\n500 Internal Server Error\n')).toBe(true)
    }
    await until(() => bodies.length === 3 && bodies.every((body) => body.cancelled))
    expect(logger.lines.some((line) => line.startsWith('error '))).toBe(true)
  })

  test('a known body with a refused header value: 500, not a crash', async () => {
    const url = await start(
      async () => new Response('hello', { headers: { 'x-name': 'a\u007fb' } }),
    )
    const { answer } = await exchange(url, GET_CLOSE, { end: false })
    expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/)
  })

  test.each([
    ['a string as the only chunk', ['abc'], true],
    ['a number as the first chunk', [42], false],
    ['bytes, then a string, at once', [new Uint8Array([1]), 'x'], false],
  ])('%s, before the headers: 500 and the body cancelled', async (_, chunks, close) => {
    const bodies: { cancelled: boolean }[] = []
    const url = await start(async () => {
      const { stream, state } = watched(chunks, { close })
      bodies.push(state)
      return new Response(stream)
    })
    const { answer, closedBy } = await exchange(url, GET_CLOSE, { end: false })
    expect(closedBy).toBe('server')
    expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/)
    expect(answer).not.toMatch(/undefined/)
    if (!close) await until(() => bodies[0]!.cancelled)
  })

  test('a string chunk after the headers: the connection is cut, the body cancelled', async () => {
    const logger = memoryLogger()
    const bodies: { cancelled: boolean }[] = []
    const url = await start(
      async () => {
        const { stream, state } = watched(
          [new Uint8Array([111, 107]), 'more', 'and more'],
          {
            delayMs: 30,
            close: false,
          },
        )
        bodies.push(state)
        return new Response(stream)
      },
      { logger },
    )
    // A second request on the same connection must not be answered after the cut.
    const { answer, closedBy } = await exchange(url, GET + GET, { end: false })
    expect(closedBy).toBe('server')
    expect(statuses(answer)).toEqual([200])
    expect(answer).not.toMatch(/more/)
    await until(() => bodies[0]!.cancelled)
    expect(logger.lines.some((line) => line.startsWith('error '))).toBe(true)
  })
})

describe('Content-Length that does not match the body', () => {
  test('a known body: its real length is sent, and keep-alive stays in step', async () => {
    const url = await start(
      async () => new Response('hello', { headers: { 'content-length': '2' } }),
    )
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer.match(/content-length: 5\r\n/gi)).toHaveLength(2)
    expect(answer).not.toMatch(/content-length: 2\r\n/i)
  })

  test('a known body, found by reading the stream: the same', async () => {
    const url = await start(async () => {
      const { stream } = watched([new TextEncoder().encode('hello')])
      return new Response(stream, { headers: { 'content-length': '9' } })
    })
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer.match(/content-length: 5\r\n/gi)).toHaveLength(2)
  })

  // Cut short of the length, so the client knows the answer is broken: a complete one
  // on a connection about to close could carry its next request to nobody.
  test('a streamed body longer than declared: cut before the length, then the connection', async () => {
    const bodies: { cancelled: boolean }[] = []
    const url = await start(async () => {
      const { stream, state } = watched(
        [new TextEncoder().encode('hel'), new TextEncoder().encode('lo world')],
        { delayMs: 20, close: false },
      )
      bodies.push(state)
      return new Response(stream, { headers: { 'content-length': '5' } })
    })
    const { answer, closedBy } = await exchange(url, GET + GET, { end: false })
    expect(closedBy).toBe('server')
    expect(statuses(answer)).toEqual([200])
    expect(answer.endsWith('\r\n\r\nhel')).toBe(true)
    await until(() => bodies[0]!.cancelled)
  })

  test('a chunk that fills the length is held until the stream ends: one more cuts the body', async () => {
    const overrun = await start(async () => {
      const { stream } = watched(
        [
          new TextEncoder().encode('hel'),
          new TextEncoder().encode('lo'),
          new TextEncoder().encode('!'),
        ],
        { delayMs: 20 },
      )
      return new Response(stream, { headers: { 'content-length': '5' } })
    })
    const cut = await exchange(overrun, GET + GET, { end: false })
    expect(cut.closedBy).toBe('server')
    expect(statuses(cut.answer)).toEqual([200])
    expect(cut.answer.endsWith('\r\n\r\nhel')).toBe(true)
  })

  test('empty chunks count for nothing against the length', async () => {
    const url = await start(async () => {
      const encode = (text: string) => new TextEncoder().encode(text)
      const { stream } = watched(
        [encode('hel'), encode(''), encode('lo'), encode('')],
        {
          delayMs: 20,
        },
      )
      return new Response(stream, { headers: { 'content-length': '5' } })
    })
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer.split('\r\n\r\nhello')).toHaveLength(3)
  })

  test('a streamed body shorter than declared: the connection is closed', async () => {
    const url = await start(async () => {
      const { stream } = watched([new TextEncoder().encode('hello')], { delayMs: 20 })
      return new Response(stream, { headers: { 'content-length': '10' } })
    })
    const { answer, closedBy } = await exchange(url, GET + GET, { end: false })
    expect(closedBy).toBe('server')
    expect(statuses(answer)).toEqual([200])
  })

  test('a length the stream matches is kept and the connection stays open', async () => {
    const url = await start(async () => {
      const { stream } = watched(
        [new TextEncoder().encode('hel'), new TextEncoder().encode('lo')],
        { delayMs: 20 },
      )
      return new Response(stream, { headers: { 'content-length': '5' } })
    })
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer.match(/content-length: 5\r\n/gi)).toHaveLength(2)
    expect(answer).not.toMatch(/transfer-encoding/i)
  })

  test('a first chunk at once, the rest later: an overrun is cut all the same', async () => {
    const bodies: { cancelled: boolean }[] = []
    const url = await start(async () => {
      const state = { cancelled: false }
      bodies.push(state)
      let later: ReturnType<typeof setTimeout> | undefined
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hel'))
          later = setTimeout(
            () => controller.enqueue(new TextEncoder().encode('lo world')),
            20,
          )
        },
        cancel() {
          // The server may cancel before the second chunk is due.
          clearTimeout(later)
          state.cancelled = true
        },
      })
      return new Response(stream, { headers: { 'content-length': '5' } })
    })
    const { answer, closedBy } = await exchange(url, GET + GET, { end: false })
    expect(closedBy).toBe('server')
    expect(statuses(answer)).toEqual([200])
    expect(answer).toMatch(/\r\ncontent-length: 5\r\n/i)
    expect(answer.endsWith('\r\n\r\nhel')).toBe(true)
    await until(() => bodies[0]!.cancelled)
  })

  test('a length that is not a number is dropped from a stream', async () => {
    const url = await start(async () => {
      const { stream } = watched([new TextEncoder().encode('hello')], { delayMs: 20 })
      return new Response(stream, { headers: { 'content-length': '5, 5' } })
    })
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer).not.toMatch(/content-length/i)
    expect(answer.match(/transfer-encoding: chunked/gi)).toHaveLength(2)
  })
})

describe('answers without content', () => {
  test('204 and 1xx-free statuses carry no framing; 205 says 0', async () => {
    const url204 = await start(
      async () =>
        new Response(null, { status: 204, headers: { 'content-length': '5' } }),
    )
    const a204 = await exchange(url204, GET + GET_CLOSE, { end: false })
    expect(statuses(a204.answer)).toEqual([204, 204])
    expect(a204.answer).not.toMatch(/content-length|transfer-encoding/i)
    const url205 = await start(
      async () =>
        new Response(null, { status: 205, headers: { 'content-length': '5' } }),
    )
    const a205 = await exchange(url205, GET + GET_CLOSE, { end: false })
    expect(statuses(a205.answer)).toEqual([205, 205])
    expect(a205.answer).not.toMatch(/content-length: 5/i)
  })

  test('a 200 with no body and a length: the length is not sent to GET', async () => {
    const url = await start(
      async () => new Response(null, { headers: { 'content-length': '5' } }),
    )
    const { answer } = await exchange(url, GET + GET_CLOSE, { end: false })
    expect(statuses(answer)).toEqual([200, 200])
    expect(answer).not.toMatch(/content-length: 5/i)
  })

  test("304 and HEAD keep the length of GET's answer", async () => {
    const url304 = await start(
      async () =>
        new Response(null, { status: 304, headers: { 'content-length': '1000' } }),
    )
    const a304 = await exchange(url304, GET + GET_CLOSE, { end: false })
    expect(statuses(a304.answer)).toEqual([304, 304])
    expect(a304.answer.match(/content-length: 1000\r\n/gi)).toHaveLength(2)
    const url = await start(
      async () => new Response(null, { headers: { 'content-length': '1000' } }),
    )
    const head = await exchange(
      url,
      'HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + GET_CLOSE,
      { end: false },
    )
    expect(statuses(head.answer)).toEqual([200, 200])
    expect(head.answer).toMatch(/^HTTP\/1\.1 200 OK\r\ncontent-length: 1000\r\n/i)
  })

  test("an unregistered status without status text keeps Node's line", async () => {
    const url = await start(async () => new Response('odd', { status: 299 }))
    const { answer } = await exchange(url, GET_CLOSE, { end: false })
    expect(answer).toMatch(/^HTTP\/1\.1 299 /)
    expect(answer.endsWith('\r\n\r\nodd')).toBe(true)
  })

  test('a refused header value on an empty answer: 500', async () => {
    const url = await start(
      async () => new Response(null, { headers: { 'x-a': 'a\u0001' } }),
    )
    const { answer } = await exchange(url, GET_CLOSE, { end: false })
    expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/)
  })

  test("HEAD through compress() has GET's headers", async () => {
    const url = await start(
      createHandler({
        middleware: [compress()],
        view: () => new Response('x'.repeat(1000), { headers: { etag: '"v1"' } }),
      }),
    )
    const ask = (method: string) =>
      exchange(
        url,
        `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`,
        { end: false },
      )
    const headersOf = (answer: string) =>
      answer
        .split('\r\n\r\n')[0]!
        .split('\r\n')
        .slice(1)
        .map((line) => line.toLowerCase())
        .filter(
          (line) => !line.startsWith('date:') && !line.startsWith('transfer-encoding:'),
        )
        .sort()
    const get = await ask('GET')
    const head = await ask('HEAD')
    expect(headersOf(get.answer)).toContain('content-encoding: gzip')
    expect(headersOf(head.answer)).toEqual(headersOf(get.answer))
  })
})
