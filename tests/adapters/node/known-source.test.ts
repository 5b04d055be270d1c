/**
 * A `Response` made from a string or bytes is sent from what it was made of, without
 * reading its body stream (the cheap path for the commonest response); one whose body
 * someone else has started to read, or that was made from a stream, is streamed as
 * before. Real servers on 127.0.0.1, real clients.
 */
import { describe, expect, test } from 'vitest'
import { go, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const request = (method = 'GET') =>
  `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`

/**
 * Whether this Node's `Response` shows what its body was made from. Node 20 and 22
 * (undici 6) keep it under a `state` symbol; Node 24 (undici 7) in private fields,
 * where the adapter cannot see it and reads the stream instead, with the same bytes.
 */
const sourceVisible = Reflect.ownKeys(new Response('')).some(
  (key) => typeof key === 'symbol' && key.description === 'state',
)

describe('a body made from a string or bytes', () => {
  test('is sent whole with its length, and its stream is left unread', async () => {
    const sent: Response[] = []
    const url = await start(async () => {
      const response = new Response('héllo, wörld')
      sent.push(response)
      return response
    })
    const text = await raw(url, request())
    expect(text).toMatch(/\r\ncontent-length: 14\r\n/i)
    expect(text.endsWith('\r\n\r\nhéllo, wörld')).toBe(true)
    expect(sent[0]!.bodyUsed).toBe(!sourceVisible)
  })

  test('bytes keep every byte value', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const url = await start(async () => new Response(bytes))
    const received = new Uint8Array(await (await go(url)).arrayBuffer())
    expect(received).toEqual(bytes)
  })

  test('HEAD gets the length of GET and no body', async () => {
    const url = await start(async () => new Response('abc'))
    const text = await raw(url, request('HEAD'))
    expect(text).toMatch(/\r\ncontent-length: 3\r\n/i)
    expect(text.endsWith('\r\n\r\n')).toBe(true)
  })
})

describe('a body someone else reads, or a stream', () => {
  test('a partly read body sends only what is left, chunked', async () => {
    const url = await start(async () => {
      const response = new Response('abcdef')
      // A layer took the first chunk: the bytes left are the stream's, not the string.
      const reader = response.body!.getReader()
      await reader.read()
      reader.releaseLock()
      return response
    })
    const text = await raw(url, request())
    expect(text).toMatch(/\r\ncontent-length: 0\r\n/i)
  })

  test('a body made from a stream is read from the stream', async () => {
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('streamed'))
              controller.close()
            },
          }),
        ),
    )
    expect(await (await go(url)).text()).toBe('streamed')
  })

  test('a clone answers with the same bytes as the original', async () => {
    const url = await start(async () => new Response('twice').clone())
    expect(await (await go(url)).text()).toBe('twice')
  })
})
