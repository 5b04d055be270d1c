/**
 * Error answers in the format the client's Accept prefers, on a real Node server: the
 * stack's conversions, the adapter's own answers before the stack (400, 413, 431,
 * 500), and Node's parser errors, whose Accept is read from the bytes Node received.
 * Real servers on 127.0.0.1, real clients and raw sockets.
 */
import { describe, expect, test } from 'vitest'
import { createHandler, NotFound, type Handler } from 'shallot'
import { exchange } from './sockets.js'
import { quiet, serverPerTest } from './support.js'

const start = serverPerTest()

const stack = createHandler({
  middleware: [],
  logger: quiet,
  view: () => {
    throw new NotFound('no such user')
  },
})

/** The head's content type and the body of a raw answer. */
function parts(answer: string): { type: string | undefined; body: string | undefined } {
  const [head = '', body] = answer.split('\r\n\r\n')
  return { type: /\r\ncontent-type: ([^\r\n]*)/i.exec(head)?.[1], body }
}

const problem = (status: number, title: string) =>
  JSON.stringify({ type: 'about:blank', title, status })

describe('the stack’s error answers through a real server', () => {
  test('a client that prefers JSON gets a problem; one that sends */* gets text', async () => {
    const url = await start(stack)
    const asJson = await fetch(url, { headers: { accept: 'application/json' } })
    expect(asJson.status).toBe(404)
    expect(asJson.headers.get('content-type')).toBe('application/problem+json')
    expect(await asJson.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
    })
    const asText = await fetch(url, { headers: { accept: '*/*' } })
    expect(await asText.text()).toBe('404 Not Found\n')
  })
})

describe('the adapter’s own answers, before the stack', () => {
  const accept = 'Accept: application/problem+json\r\n'

  test('413: a Content-Length over maxBodySize', async () => {
    const url = await start(stack, { maxBodySize: 10 })
    const { answer } = await exchange(
      url,
      `POST / HTTP/1.1\r\nHost: a\r\n${accept}Content-Length: 1000\r\nConnection: close\r\n\r\n`,
      { end: false },
    )
    expect(parts(answer)).toEqual({
      type: 'application/problem+json',
      body: problem(413, 'Content Too Large'),
    })
  })

  test('431: more header lines than Node keeps', async () => {
    const url = await start(stack)
    const fields = Array.from({ length: 1_100 }, (_, i) => `X-${i}: 1\r\n`).join('')
    const { answer } = await exchange(
      url,
      `GET / HTTP/1.1\r\nHost: a\r\n${accept}${fields}Connection: close\r\n\r\n`,
      { end: false },
    )
    expect(parts(answer)).toEqual({
      type: 'application/problem+json',
      body: problem(431, 'Request Header Fields Too Large'),
    })
  })

  test('400: two Host headers; the same without Accept is text, as before', async () => {
    const url = await start(stack)
    const ask = (extra: string) =>
      exchange(
        url,
        `GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n${extra}Connection: close\r\n\r\n`,
        {
          end: false,
        },
      )
    expect(parts((await ask(accept)).answer)).toEqual({
      type: 'application/problem+json',
      body: problem(400, 'Bad Request'),
    })
    expect(parts((await ask('')).answer)).toEqual({
      type: 'text/plain; charset=utf-8',
      body: '400 Bad Request\n',
    })
  })

  test('500: a handler that rejects', async () => {
    const rejecting: Handler = () => Promise.reject(new Error('not a shallot stack'))
    const url = await start(rejecting)
    const response = await fetch(url, { headers: { accept: 'application/json' } })
    expect(response.status).toBe(500)
    expect(await response.text()).toBe(problem(500, 'Internal Server Error'))
  })
})

describe("Node's parser errors: the Accept line is read from the bytes received", () => {
  test.each([
    [
      'a malformed header line',
      `GET / HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\nBad Header\r\n\r\n`,
      400,
      'Bad Request',
    ],
    [
      'headers too large',
      `GET / HTTP/1.1\r\nHost: a\r\naccept:application/json\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'Request Header Fields Too Large',
    ],
  ])('%s: a problem', async (_, bytes, status, title) => {
    const url = await start(stack)
    const { answer } = await exchange(url, bytes, { end: false })
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
    expect(parts(answer)).toEqual({
      type: 'application/problem+json',
      body: problem(status, title),
    })
  })

  test('without an Accept line: text, as before', async () => {
    const url = await start(stack)
    const { answer } = await exchange(url, 'GARBAGE\r\n\r\n', { end: false })
    expect(parts(answer)).toEqual({
      type: 'text/plain; charset=utf-8',
      body: '400 Bad Request\n',
    })
  })
})
