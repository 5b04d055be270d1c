/**
 * Hop-by-hop header fields in the handler's response (RFC 9110, 7.6.1; RFC 9112, 6.1
 * and 9.6): `Connection`, `Keep-Alive`, `Transfer-Encoding` and the fields `Connection`
 * names describe the connection they came over, so the adapter leaves them out and
 * Node frames and keeps or closes this one; only `Connection: close` from the handler
 * is kept. Matters most for a response passed through from `fetch()`. Real servers on
 * 127.0.0.1, raw sockets and fetch.
 */
import { describe, expect, test } from 'vitest'
import type { Handler } from 'shallot'
import { go, memoryLogger, serverPerTest } from './support.js'
import { converse, statuses } from './sockets.js'

const start = serverPerTest()

/**
 * Sends one request on a new connection and waits up to `deadlineMs` for the server to
 * close it; the answer as latin1, and who closed the connection.
 */
async function once(url: string, head: string, deadlineMs = 1_500) {
  const conversation = await converse(url, deadlineMs)
  conversation.socket.write(`${head}\r\n`)
  const closedBy = await conversation.closed
  return { answer: conversation.answer(), closedBy }
}

/** The header lines of the first response in `answer`, names lower-cased. */
const headerLines = (answer: string) =>
  answer
    .slice(0, answer.indexOf('\r\n\r\n'))
    .split('\r\n')
    .slice(1)
    .map((line) => line.toLowerCase())

describe('a response passed through from fetch()', () => {
  test('the upstream’s Keep-Alive does not keep open a connection the client closes', async () => {
    const upstream = await start(
      async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('streamed upstream'))
              setTimeout(() => controller.close(), 5)
            },
          }),
        ),
    )
    const proxy = await start(async () => {
      const response = await fetch(upstream)
      // What undici hands over: the upstream connection's own fields.
      expect(response.headers.get('keep-alive')).not.toBeNull()
      expect(response.headers.get('transfer-encoding')).toBe('chunked')
      return response
    })
    const { answer, closedBy } = await once(
      proxy,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n',
    )
    expect(closedBy).toBe('server')
    expect(statuses(answer)).toEqual([200])
    const lines = headerLines(answer)
    expect(lines).toContain('connection: close')
    expect(lines.filter((line) => line.startsWith('connection:'))).toHaveLength(1)
    expect(lines.some((line) => line.startsWith('keep-alive:'))).toBe(false)
    expect(answer.endsWith('\r\n\r\n11\r\nstreamed upstream\r\n0\r\n\r\n')).toBe(true)
  })
})

describe('hop-by-hop fields the handler sets', () => {
  test('Transfer-Encoding on a string body: one framing, the length', async () => {
    const url = await start(
      async () =>
        new Response('framed once', {
          headers: { 'transfer-encoding': 'chunked', 'keep-alive': 'timeout=99' },
        }),
    )
    const { answer } = await once(
      url,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n',
    )
    const lines = headerLines(answer)
    expect(lines).toContain('content-length: 11')
    expect(lines.some((line) => /^(transfer-encoding|keep-alive):/.test(line))).toBe(
      false,
    )
    expect(answer.endsWith('\r\n\r\nframed once')).toBe(true)
    const response = await go(url)
    expect(await response.text()).toBe('framed once')
  })

  test('Connection: close is kept and closes; the fields Connection names are dropped', async () => {
    const responses: Record<string, Handler> = {
      text: async () =>
        new Response('closing', {
          headers: {
            connection: 'close, x-private',
            'x-private': '1',
            'x-public': '2',
          },
        }),
      empty: async () =>
        new Response(null, { status: 204, headers: { connection: 'close' } }),
    }
    for (const [name, handler] of Object.entries(responses)) {
      const url = await start(handler)
      // The client would keep the connection open; the handler's close wins.
      const { answer, closedBy } = await once(
        url,
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n',
      )
      expect(closedBy, name).toBe('server')
      const lines = headerLines(answer)
      expect(
        lines.filter((line) => line.startsWith('connection:')),
        name,
      ).toEqual(['connection: close'])
      expect(
        lines.some((line) => line.startsWith('x-private:')),
        name,
      ).toBe(false)
      if (name === 'text') expect(lines).toContain('x-public: 2')
    }
  })

  test('a body already read or locked is still refused with a 500', async () => {
    const spent: Handler[] = [
      async () => {
        const response = new Response('read', {
          headers: { 'keep-alive': 'timeout=1' },
        })
        await response.text()
        return response
      },
      async () => {
        const response = new Response('locked', { headers: { connection: 'close' } })
        response.body!.getReader()
        return response
      },
    ]
    for (const handler of spent) {
      const logger = memoryLogger()
      const response = await go(await start(handler, { logger }))
      expect(response.status).toBe(500)
      expect(logger.lines).toEqual([
        expect.stringMatching(
          /^error shallot\/node: the response could not be written /,
        ),
      ])
    }
  })
})

describe('a Content-Length that Connection names', () => {
  test('is dropped with the other named fields, and the adapter sets the real one', async () => {
    const url = await start(
      async () =>
        new Response('abc', {
          headers: { 'content-length': '99', connection: 'content-length' },
        }),
    )
    const { answer } = await once(
      url,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n',
    )
    const lines = headerLines(answer)
    expect(lines.filter((line) => line.startsWith('content-length:'))).toEqual([
      'content-length: 3',
    ])
    expect(answer.endsWith('\r\n\r\nabc')).toBe(true)
  })
})
