/**
 * A response from the helpers (`text`, `json`, `html`) is written from the string it
 * holds: never a body stream, its own length, one write. Real servers on 127.0.0.1,
 * raw sockets to see the bytes on the wire.
 */
import { describe, expect, test } from 'vitest'
import { html, json, text } from 'shallot'
import { go, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const request = (method = 'GET') =>
  `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`

/** `response`, counting how many times someone asks for its `body`. */
function counted(response: Response, asked: { count: number }): Response {
  const helper = Object.getPrototypeOf(response) as object
  Object.defineProperty(response, 'body', {
    get() {
      asked.count++
      return Reflect.get(helper, 'body', response) as unknown
    },
  })
  return response
}

describe('a helper response through serve()', () => {
  test('is sent from its text with its length; no one asks for body', async () => {
    const asked = { count: 0 }
    const url = await start(async () => counted(text('héllo, wörld'), asked))
    const answer = await raw(url, request())
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer).toMatch(/\r\ncontent-length: 14\r\n/i)
    expect(answer).toMatch(/\r\ncontent-type: text\/plain; charset=utf-8\r\n/i)
    expect(answer).not.toMatch(/transfer-encoding/i)
    expect(answer.endsWith('\r\n\r\nhéllo, wörld')).toBe(true)
    expect(asked.count).toBe(0)
  })

  test('HEAD gets the length of GET and no body', async () => {
    const asked = { count: 0 }
    const url = await start(async () => counted(html('<p>hi</p>'), asked))
    const answer = await raw(url, request('HEAD'))
    expect(answer).toMatch(/\r\ncontent-length: 9\r\n/i)
    expect(answer.endsWith('\r\n\r\n')).toBe(true)
    expect(asked.count).toBe(0)
  })

  test('status, status text and headers go out; a wrong Content-Length does not', async () => {
    const url = await start(async () =>
      json(
        { ok: true },
        {
          status: 201,
          statusText: 'Made',
          headers: { 'content-length': '99', 'x-a': '1' },
        },
      ),
    )
    const answer = await raw(url, request())
    expect(answer).toMatch(/^HTTP\/1\.1 201 Made\r\n/)
    expect(answer).toMatch(/\r\ncontent-length: 11\r\n/i)
    expect(answer).toMatch(/\r\nx-a: 1\r\n/i)
    expect(answer.endsWith('\r\n\r\n{"ok":true}')).toBe(true)
  })

  test('one whose body a layer asked for is streamed from what is left of that body', async () => {
    const url = await start(async () => {
      const response = text('abcdef')
      const reader = response.body!.getReader()
      await reader.read()
      reader.releaseLock()
      return response
    })
    const response = await go(url)
    expect(await response.text()).toBe('')
    const cloned = await start(async () => text('whole').clone())
    expect(await (await go(cloned)).text()).toBe('whole')
  })
})
