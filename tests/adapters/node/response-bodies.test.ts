/**
 * Response bodies that are streams from the start, or not readable any more: how
 * their length is told, HEAD on a stream, a body a layer already read or locked, and
 * a client that leaves while the server waits for the socket to drain. RFC 9110 (9.3.2)
 * for HEAD; semantics.md ST8. Real servers on 127.0.0.1, raw sockets.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, test } from 'vitest'
import type { Handler } from 'shallot'
import { nodePlatform } from 'shallot/node'
import { memoryLogger, raw, serverPerTest, sleep, until } from './support.js'
import { converse, exchange } from './sockets.js'

const start = serverPerTest()

const get = async (handler: Handler, method = 'GET', logger = memoryLogger()) =>
  raw(
    await start(handler, { logger }),
    `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
  )

const bytes = (text: string) => new TextEncoder().encode(text)

describe('streams whose end is already known', () => {
  test('an empty stream: Content-Length 0, no chunking', async () => {
    const answer = await get(
      async () => new Response(new ReadableStream({ start: (c) => c.close() })),
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer).toMatch(/\r\ncontent-length: 0\r\n/i)
    expect(answer).not.toMatch(/transfer-encoding/i)
    expect(answer.endsWith('\r\n\r\n')).toBe(true)
  })

  test('a stream with its one chunk ready: sent with its length (HEAD: the length only)', async () => {
    const handler: Handler = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(bytes('only chunk'))
            controller.close()
          },
        }),
      )
    for (const method of ['GET', 'HEAD']) {
      const answer = await get(handler, method)
      expect(answer, method).toMatch(/\r\ncontent-length: 10\r\n/i)
      expect(answer, method).not.toMatch(/transfer-encoding/i)
      const body = method === 'GET' ? 'only chunk' : ''
      expect(answer.endsWith(`\r\n\r\n${body}`), method).toBe(true)
    }
  })

  test('HEAD on a stream with chunks ready and more to come: no body, stream cancelled', async () => {
    let cancelled = false
    const answer = await get(
      async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(bytes('one'))
              controller.enqueue(bytes('two'))
            },
            cancel: () => void (cancelled = true),
          }),
          { headers: { 'x-kept': 'yes' } },
        ),
      'HEAD',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer).toMatch(/\r\nx-kept: yes\r\n/i)
    expect(answer.endsWith('\r\n\r\n')).toBe(true)
    expect(cancelled).toBe(true)
  })
})

describe('bodies that cannot be read any more', () => {
  test('a body a layer already read, or holds a reader on: 500, logged', async () => {
    const spent: Record<string, Handler> = {
      read: async () => {
        const response = new Response('read by a layer')
        await response.text()
        return response
      },
      locked: async () => {
        const response = new Response('locked by a layer')
        response.body!.getReader()
        return response
      },
    }
    for (const [name, handler] of Object.entries(spent)) {
      const logger = memoryLogger()
      const answer = await get(handler, 'GET', logger)
      expect(answer, name).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/)
      expect(answer.endsWith('\r\n\r\n500 Internal Server Error\n'), name).toBe(true)
      expect(logger.lines, name).toEqual([
        'error shallot/node: the response could not be written (GET http://127.0.0.1/); answered 500.',
      ])
    }
  })
})

describe('a client that leaves while the server waits for drain', () => {
  test('the stream is cancelled, nothing is logged, the server lives on', async () => {
    const logger = memoryLogger()
    const chunk = new Uint8Array(64 * 1024).fill(97)
    let res: ServerResponse | undefined
    let cancelled = false
    const url = await start(
      async (request) => {
        if (new URL(request.url).pathname === '/ok') return new Response('ok')
        res = nodePlatform(request)!.res
        return new Response(
          new ReadableStream(
            {
              pull: (controller) => controller.enqueue(chunk),
              cancel: () => void (cancelled = true),
            },
            // Chunks queued ahead: the next one is always ready while the server
            // waits for the socket.
            { highWaterMark: 4 },
          ),
        )
      },
      { logger },
    )
    const conversation = await converse(url, 5_000)
    // The client reads nothing: the socket fills, and the server waits for 'drain'.
    conversation.socket.pause()
    conversation.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => res?.writableNeedDrain === true, 4_000)
    conversation.socket.destroy()
    await until(() => cancelled)
    expect(logger.lines).toEqual([])
    const answer = await raw(
      url,
      'GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer.endsWith('\r\n\r\nok')).toBe(true)
  })
})

describe('a body stream that fails while the server waits for drain', () => {
  // A read that failed during a drain wait was an unhandled rejection, which ended
  // the process.
  test('no unhandled rejection; the client leaves; nothing is logged', async () => {
    const logger = memoryLogger()
    const chunk = new Uint8Array(64 * 1024).fill(97)
    let res: ServerResponse | undefined
    let holding = false
    let fail = (): void => {}
    const failure = new Promise<void>((resolve) => (fail = resolve))
    const url = await start(
      async (request) => {
        if (new URL(request.url).pathname === '/ok') return new Response('ok')
        const { res: current } = nodePlatform(request)!
        res = current
        return new Response(
          new ReadableStream(
            {
              async pull(controller) {
                // The server has written the previous chunk by now; if the socket was
                // full it waits for 'drain', and this read fails during that wait.
                await new Promise(setImmediate)
                if (!current.writableNeedDrain) return controller.enqueue(chunk)
                holding = true
                await failure
                controller.error(new Error('upstream failed'))
              },
            },
            { highWaterMark: 0 },
          ),
        )
      },
      { logger },
    )
    const conversation = await converse(url, 5_000)
    conversation.socket.pause()
    conversation.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => holding && res?.writableNeedDrain === true, 4_000)
    fail()
    await sleep(50)
    conversation.socket.destroy()
    expect(await conversation.closed).toBe('server')
    const answer = await raw(
      url,
      'GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )
    expect(answer.endsWith('\r\n\r\nok')).toBe(true)
    expect(logger.lines).toEqual([])
  })
})

describe('header values with bytes above 0x7f (latin1, as ByteStrings are sent)', () => {
  // Node writes the head as UTF-8 text when a string follows it (`res.end(string)`,
  // `res.flushHeaders()`); the adapter writes bytes in both places.
  test('keep their bytes, whatever the body', async () => {
    const value = 'attachment; filename="r\u00e9sum\u00e9.txt"'
    const bodies: Record<string, () => BodyInit> = {
      string: () => 'text body',
      bytes: () => bytes('bytes body'),
      'late stream': () =>
        new ReadableStream({
          async pull(controller) {
            await sleep(5)
            controller.enqueue(bytes('late'))
            controller.close()
          },
        }),
    }
    for (const [name, body] of Object.entries(bodies)) {
      const url = await start(
        async () => new Response(body(), { headers: { 'content-disposition': value } }),
      )
      // Read as latin1, one char per byte: 0xe9 must arrive as 0xe9.
      const { answer } = await exchange(
        url,
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
        { end: false },
      )
      expect(answer, name).toContain(`\r\ncontent-disposition: ${value}\r\n`)
    }
  })
})

describe('a body made from a string', () => {
  // Sent in one write with the head when the text is ASCII (as latin1, which keeps the
  // head's bytes), else as UTF-8 bytes after it: both must arrive byte for byte.
  test.each([
    ['ASCII text, latin1 header', 'plain text', 'r\u00e9sum\u00e9'],
    [
      'UTF-8 text, latin1 header',
      'r\u00e9sum\u00e9 \u2713 \u{1f600}',
      'r\u00e9sum\u00e9',
    ],
    ['UTF-8 text, ASCII header', 'na\u00efve \u2713', 'plain'],
  ])('%s', async (_name, text, tag) => {
    const url = await start(
      async () => new Response(text, { headers: { 'x-tag': tag } }),
    )
    const { answer } = await exchange(
      url,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      { end: false },
    )
    const utf8 = Buffer.from(text)
    expect(answer).toContain(`\r\nx-tag: ${tag}\r\n`)
    expect(answer).toContain(`\r\ncontent-length: ${utf8.byteLength}\r\n`)
    expect(answer.endsWith(`\r\n\r\n${utf8.toString('latin1')}`)).toBe(true)
  })
})

describe('a client that leaves before the stack answers', () => {
  // Found by the soak: the body's cancel() never ran, and the write could wait for a
  // 'drain' a destroyed response never emits.
  test('the body of the response is cancelled', async () => {
    let arrived!: () => void
    const arrival = new Promise<void>((resolve) => (arrived = resolve))
    let cancelled!: () => void
    const cancel = new Promise<void>((resolve) => (cancelled = resolve))
    const url = await start(async (request) => {
      arrived()
      await new Promise((resolve) =>
        request.signal.addEventListener('abort', resolve, { once: true }),
      )
      return new Response(
        new ReadableStream<Uint8Array>({
          // A first chunk already there: the write goes on to wait for the client.
          start: (controller) => controller.enqueue(new TextEncoder().encode('first')),
          cancel: () => cancelled(),
        }),
      )
    })
    const controller = new AbortController()
    const pending = fetch(url, { signal: controller.signal }).catch(() => undefined)
    await arrival
    controller.abort()
    await pending
    await cancel
  })
})
