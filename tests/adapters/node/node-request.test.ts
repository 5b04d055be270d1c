/**
 * The adapter's `Request` beyond the basics in request.test.ts: every property a
 * server-side `Request` has, the body once it was touched as a stream or taken by a
 * copy, `bodyUsed` at each step, and `request.signal` read late. Real servers on
 * 127.0.0.1, real clients.
 */
import { describe, expect, test } from 'vitest'
import type { Handler } from 'shallot'
import { nodePlatform } from 'shallot/node'
import { go, raw, serverPerTest, until } from './support.js'
import { converse, hangUpAfter } from './sockets.js'

/** The head of an upload of 1000 bytes, and its first 7. */
const UPLOAD =
  'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\npartial'

const start = serverPerTest()

/** POSTs `body` to a server running `handler`, and returns what it answered as JSON. */
async function post(handler: Handler, body: string, headers = {}): Promise<unknown> {
  const url = await start(handler)
  const response = await go(url, { method: 'POST', body, headers })
  expect(response.status).toBe(200)
  return response.json()
}

describe('properties', () => {
  test('every Request property answers as on a real Request with the same init', async () => {
    const names = [
      'cache',
      'credentials',
      'destination',
      'integrity',
      'keepalive',
      'mode',
      'redirect',
      'referrer',
      'referrerPolicy',
      'duplex',
    ] as const
    // `duplex` is not in the DOM types yet.
    const read = (request: Request) =>
      Object.fromEntries(
        names.map((name) => [
          name,
          (request as unknown as Record<string, unknown>)[name],
        ]),
      )
    const seen = await post(async (request) => {
      const made = new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: 'x',
        duplex: 'half',
      } as RequestInit)
      return Response.json({ served: read(request), made: read(made) })
    }, 'x')
    const { served, made } = seen as Record<string, unknown>
    expect(served).toEqual(made)
    expect(served).toMatchObject({
      mode: 'cors',
      duplex: 'half',
      referrer: 'about:client',
    })
  })
})

describe('the body once it is a stream or taken by a copy', () => {
  test('new Request(request) takes the body, as from any Request', async () => {
    const seen = await post(async (request) => {
      const copy = new Request(request)
      const text = await copy.text()
      return Response.json({ text, used: [request.bodyUsed, copy.bodyUsed] })
    }, 'through the copy')
    expect(seen).toEqual({ text: 'through the copy', used: [true, true] })
  })

  test('bodyUsed: false until read, whether or not the stream was taken', async () => {
    const seen = await post(async (request) => {
      const before = request.bodyUsed
      const stream = request.body!
      const taken = request.bodyUsed
      const reader = stream.getReader()
      while (!(await reader.read()).done) continue
      return Response.json([before, taken, request.bodyUsed])
    }, 'abc')
    expect(seen).toEqual([false, false, true])
  })

  test('text(), json() and arrayBuffer() after the stream was taken read that stream', async () => {
    const read: Record<string, (request: Request) => Promise<unknown>> = {
      text: (request) => request.text(),
      json: (request) => request.json(),
      arrayBuffer: async (request) => [...new Uint8Array(await request.arrayBuffer())],
      bytes: async (request) => [...(await request.bytes())],
    }
    for (const [name, reader] of Object.entries(read)) {
      const seen = await post(async (request) => {
        void request.body
        return Response.json({ got: await reader(request), used: request.bodyUsed })
      }, '[1,2]')
      const got =
        name === 'text' ? '[1,2]' : name === 'json' ? [1, 2] : [91, 49, 44, 50, 93]
      expect(seen, name).toEqual({ got, used: true })
    }
  })

  test('blob() keeps the bytes and the content type', async () => {
    const seen = await post(
      async (request) => {
        const blob = await request.blob()
        return Response.json({ type: blob.type, text: await blob.text() })
      },
      'blob body',
      { 'content-type': 'text/x-test' },
    )
    expect(seen).toEqual({ type: 'text/x-test', text: 'blob body' })
  })

  test('cancelling the body discards it; the connection serves its next request', async () => {
    // Cancelled before any read, and after the first chunk.
    for (const readFirst of [false, true]) {
      const url = await start(async (request) => {
        if (request.body) {
          const reader = request.body.getReader()
          if (readFirst) await reader.read()
          await reader.cancel()
        }
        return new Response(`${request.method} done`)
      })
      const body = 'x'.repeat(200_000)
      const answer = await raw(
        url,
        `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
          'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      )
      expect(answer.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2)
      expect(answer).toContain('POST done')
      expect(answer.endsWith('GET done')).toBe(true)
    }
  })
})

describe('a body that never completes', () => {
  /** Sends the headers and 7 of 1000 bytes, then keeps the connection open. */
  /** An upload that sends 7 of its 1000 bytes and then waits. */
  async function partialUpload(url: string) {
    const conversation = await converse(url)
    conversation.socket.write(UPLOAD)
    return conversation
  }

  test('the client goes away mid-stream: the reader’s read fails', async () => {
    let failure = ''
    const url = await start(async (request) => {
      const reader = request.body!.getReader()
      try {
        for (;;) if ((await reader.read()).done) break
      } catch (error) {
        failure = (error as Error).message
      }
      return new Response('unreachable')
    })
    await hangUpAfter(url, UPLOAD)
    await until(() => failure !== '')
    expect(failure).toBe('aborted')
  })

  test('the server destroys the request mid-body: stream and text() fail, saying why', async () => {
    const failures: string[] = []
    const readers: Record<string, (request: Request) => Promise<unknown>> = {
      // After the first chunk arrived, while the stream is listening to the socket.
      stream: async (request) => {
        const reader = request.body!.getReader()
        await reader.read()
        nodePlatform(request)!.req.destroy()
        return reader.read()
      },
      // Before the first read reaches the socket.
      text: async (request) => {
        const pending = request.text()
        nodePlatform(request)!.req.destroy()
        return pending
      },
    }
    for (const read of Object.values(readers)) {
      const url = await start(async (request) => {
        await read(request).catch((error: Error) => failures.push(error.message))
        return new Response('unreachable')
      })
      const conversation = await partialUpload(url)
      expect(await conversation.closed).toBe('server')
    }
    expect(failures).toEqual([
      'the client disconnected before the request body was complete',
      'the client disconnected before the request body was complete',
    ])
  })

  test('a body already drained through nodePlatform(request).req reads as empty', async () => {
    const seen = await post(async (request) => {
      let drained = 0
      for await (const chunk of nodePlatform(request)!.req)
        drained += (chunk as Buffer).length
      return Response.json({ drained, text: await request.text() })
    }, 'read elsewhere')
    expect(seen).toEqual({ drained: 'read elsewhere'.length, text: '' })
  })
})

describe('request.signal read late', () => {
  test('first read after the client left: already aborted', async () => {
    let state: unknown[] = []
    let gone = false
    const url = await start(async (request) => {
      const { req } = nodePlatform(request)!
      req.socket.once('close', () => (gone = true))
      await until(() => gone)
      state = [request.signal.aborted, (request.signal.reason as DOMException).name]
      return new Response('unreachable')
    })
    await hangUpAfter(url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => state.length > 0)
    expect(state).toEqual([true, 'AbortError'])
  })

  test('first read after the response was sent and the socket closed: not aborted', async () => {
    let kept: Request | undefined
    const url = await start(async (request) => {
      kept = request
      return new Response('sent')
    })
    const answer = await raw(
      url,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )
    expect(answer.endsWith('sent')).toBe(true)
    await until(() => nodePlatform(kept!)!.req.socket.destroyed)
    expect(kept!.signal.aborted).toBe(false)
  })
})
