/**
 * Requests the adapter refuses or cannot finish: an upload it will not read announced
 * with `Expect: 100-continue`, headers Node cut, requests Node's parser refuses, and a
 * client that leaves mid-body. Real servers on 127.0.0.1, raw sockets.
 */
import { describe, expect, test } from 'vitest'
import type { Socket } from 'node:net'
import { createHandler } from 'shallot'
import { serve } from 'shallot/node'
import { converse, exchange } from './sockets.js'
import { memoryLogger, quiet, serverPerTest, until } from './support.js'

const start = serverPerTest()

const echo = createHandler({
  middleware: [],
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  view: async (request) =>
    new Response(`${request.headers.get('host')} ${(await request.text()).length}`),
})

describe('Expect: 100-continue', () => {
  test('a Content-Length over maxBodySize: 413, and no invitation to upload', async () => {
    const url = await start(echo, { maxBodySize: 10 })
    const { answer, closedBy } = await exchange(
      url,
      'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
      { end: false },
    )
    expect(closedBy).toBe('server')
    expect(answer).toMatch(/^HTTP\/1\.1 413 Content Too Large\r\n/)
    expect(answer).not.toMatch(/100 Continue/)
  })

  test('a body within the limit is invited, then read', async () => {
    const url = await start(echo, { maxBodySize: 10 })
    const talk = await converse(url)
    talk.socket.write(
      'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    )
    await until(() => talk.answer().includes('100 Continue'))
    talk.socket.write('hello')
    expect(await talk.closed).toBe('server')
    expect(talk.answer()).toMatch(
      /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/,
    )
    expect(talk.answer().endsWith('\r\n\r\na 5')).toBe(true)
  })
})

describe('headers Node cut', () => {
  test('more header lines than maxHeadersCount, then a second Host: 431', async () => {
    const url = await start(echo)
    const fields = Array.from({ length: 1_100 }, (_, i) => `X-${i}: 1\r\n`).join('')
    const { answer } = await exchange(
      url,
      `GET / HTTP/1.1\r\nHost: a\r\n${fields}Host: evil\r\nConnection: close\r\n\r\n`,
      { end: false },
    )
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect(answer.endsWith('\r\n\r\n431 Request Header Fields Too Large\n')).toBe(true)
    expect(answer).not.toMatch(/evil/)
  })
})

describe("headers Node cut, with the server's own maxHeadersCount", () => {
  test('past a lower limit: 431; with no limit (0): answered', async () => {
    const server = serve(echo, { port: 0, logger: quiet })
    server.server.unref()
    try {
      const url = (await server.ready).url
      const fields = (count: number) =>
        Array.from({ length: count }, (_, i) => `X-${i}: 1\r\n`).join('')
      const ask = (count: number) =>
        exchange(
          url,
          `GET / HTTP/1.1\r\nHost: a\r\n${fields(count)}Connection: close\r\n\r\n`,
          {
            end: false,
          },
        )
      server.server.maxHeadersCount = 50
      expect((await ask(48)).answer).toMatch(/^HTTP\/1\.1 200 /)
      expect((await ask(60)).answer).toMatch(/^HTTP\/1\.1 431 /)
      server.server.maxHeadersCount = 0
      expect((await ask(1_100)).answer).toMatch(/^HTTP\/1\.1 200 /)
    } finally {
      await server.close(500)
    }
  })
})

describe("Node's parser errors", () => {
  test.each([
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'Bad Request'],
    [
      'headers too large',
      `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'Request Header Fields Too Large',
    ],
  ])(
    '%s: the shared error body, then the connection closes',
    async (_, bytes, status, reason) => {
      const url = await start(echo)
      const { answer, closedBy } = await exchange(url, bytes, { end: false })
      expect(closedBy).toBe('server')
      const [head, body] = answer.split('\r\n\r\n')
      expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} ${reason}\\r\\n`))
      expect(head).toMatch(/\r\ncontent-type: text\/plain; charset=utf-8/i)
      expect(head).toMatch(/\r\nconnection: close/i)
      expect(body).toBe(`${status} ${reason}\n`)
    },
  )

  test('a parse error after part of a response went out only closes the connection', async () => {
    // A body that never ends: the first response is still streaming.
    const url = await start(async () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('part'))
        },
      })
      return new Response(stream)
    })
    const talk = await converse(url)
    talk.socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n')
    await until(() => talk.answer().includes('part'))
    talk.socket.write('GARBAGE\r\n\r\n')
    expect(await talk.closed).toBe('server')
    expect(talk.answer()).not.toMatch(/400 Bad Request/)
  })
})

describe("Node's parser errors, as Node reports them", () => {
  /** A server and the server side of one connection to it. */
  async function socketPair() {
    const server = serve(echo, { port: 0, logger: quiet })
    server.server.unref()
    const accepted = new Promise<Socket>((resolve) =>
      server.server.once('connection', resolve),
    )
    const talk = await converse((await server.ready).url)
    return { server, talk, socket: await accepted }
  }

  test.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', '408 Request Timeout'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', '413 Content Too Large'],
  ])('%s: %s with the shared body', async (code, status) => {
    const { server, talk, socket } = await socketPair()
    try {
      server.server.emit(
        'clientError',
        Object.assign(new Error(code), { code }),
        socket,
      )
      expect(await talk.closed).toBe('server')
      expect(talk.answer()).toMatch(new RegExp(`^HTTP/1\\.1 ${status}\\r\\n`))
      expect(talk.answer().endsWith(`\r\n\r\n${status}\n`)).toBe(true)
    } finally {
      await server.close(500)
    }
  })

  test('a reset, or a socket that cannot be written: closed without an answer', async () => {
    for (const end of [false, true]) {
      const { server, talk, socket } = await socketPair()
      try {
        if (end) socket.end()
        const code = end ? 'HPE_INVALID_METHOD' : 'ECONNRESET'
        server.server.emit(
          'clientError',
          Object.assign(new Error(code), { code }),
          socket,
        )
        expect(await talk.closed).toBe('server')
        expect(talk.answer()).toBe('')
      } finally {
        await server.close(500)
      }
    }
  })
})

describe('a client that leaves mid-body', () => {
  test('is logged at debug, not as a server error', async () => {
    const logger = memoryLogger()
    const url = await start(
      createHandler({
        middleware: [],
        logger,
        view: async (request) => new Response(String((await request.text()).length)),
      }),
      { logger },
    )
    const talk = await converse(url)
    talk.socket.write(
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc',
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    talk.socket.destroy()
    // The stack's debug lines are dropped (debug is off): nothing else may come.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(logger.lines.filter((line) => !line.startsWith('debug '))).toEqual([])
  })
})
