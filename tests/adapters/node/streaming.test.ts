/**
 * Streaming both ways with backpressure, client disconnects, the body size limit and
 * requests Node's parser refuses: real servers on 127.0.0.1, real clients (fetch and
 * raw sockets). Every wait is bounded, and every server stops after its test.
 */
import { connect } from 'node:net'
import { describe, expect, test } from 'vitest'
import { createHandler, ImproperlyConfigured, type Handler } from 'shallot'
import { serve } from 'shallot/node'
import { quiet, raw, serverPerTest, sleep, until } from './support.js'

const start = serverPerTest()

/**
 * Fetches `url`, reads the first chunk of the body and then nothing more; the
 * controller it resolves with aborts the request.
 */
async function readFirstChunk(url: string): Promise<AbortController> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  await response.body!.getReader().read()
  return controller
}

const MiB = 1024 * 1024
const chunk = new Uint8Array(64 * 1024).fill(120)

describe('response streaming', () => {
  test('status and headers arrive before the first chunk exists', async () => {
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            async pull(controller) {
              await gate
              controller.enqueue(new TextEncoder().encode('late'))
              controller.close()
            },
          }),
          { status: 202, headers: { 'x-early': 'yes' } },
        ),
    )
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
    expect(response.status).toBe(202)
    expect(response.headers.get('x-early')).toBe('yes')
    release()
    expect(await response.text()).toBe('late')
  })

  test('a slow reader: the server produces only what the socket takes', async () => {
    let pulled = 0
    let cancelled = false
    const url = await start(
      async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled += chunk.byteLength
              controller.enqueue(chunk)
            },
            cancel() {
              cancelled = true
            },
          }),
        ),
    )
    const controller = await readFirstChunk(url)
    // The client reads nothing more; the server fills the socket buffers and stops.
    await sleep(300)
    const stalled = pulled
    await sleep(200)
    expect(pulled).toBe(stalled)
    expect(pulled).toBeLessThan(32 * MiB)
    controller.abort()
    await until(() => cancelled)
  })

  test('a client that goes away mid-stream: request.signal aborts, the body is cancelled', async () => {
    let reason: unknown
    let cancelled = false
    const url = await start(async (request) => {
      request.signal.addEventListener(
        'abort',
        () => (reason = request.signal.reason as unknown),
      )
      return new Response(
        new ReadableStream({
          async pull(controller) {
            await sleep(10)
            controller.enqueue(new TextEncoder().encode('tick\n'))
          },
          cancel() {
            cancelled = true
          },
        }),
      )
    })
    const controller = await readFirstChunk(url)
    controller.abort()
    await until(() => cancelled && reason !== undefined)
    expect((reason as DOMException).name).toBe('AbortError')
  })

  test('request.signal aborts while the handler is still working', async () => {
    let aborted = false
    const url = await start(async (request) => {
      await new Promise<void>((resolve) =>
        request.signal.addEventListener('abort', () => resolve()),
      )
      aborted = true
      return new Response('too late')
    })
    const controller = new AbortController()
    const pending = fetch(url, { signal: controller.signal }).catch(() => 'aborted')
    await sleep(50)
    controller.abort()
    expect(await pending).toBe('aborted')
    await until(() => aborted)
  })

  test('a response sent completely never aborts request.signal', async () => {
    let signal: AbortSignal | undefined
    const url = await start(async (request) => {
      signal = request.signal
      return new Response('done')
    })
    expect(await (await fetch(url)).text()).toBe('done')
    await sleep(50)
    expect(signal?.aborted).toBe(false)
  })
})

describe('request streaming', () => {
  test('an upload is read as the handler pulls, not buffered ahead', async () => {
    let sent = 0
    let received = 0
    const url = await start(
      async (request) => {
        const reader = request.body!.getReader()
        const first = await reader.read()
        received += first.value?.byteLength ?? 0
        // A slow consumer: the client must stall instead of the server buffering.
        await sleep(400)
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          received += value.byteLength
        }
        return new Response(String(received))
      },
      { maxBodySize: Infinity },
    )
    const total = 256 * MiB
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const pending = fetch(url, {
      method: 'POST',
      body,
      duplex: 'half',
      signal: AbortSignal.timeout(15_000),
    } as RequestInit)
    await sleep(300)
    const sentAtStall = sent
    expect(sentAtStall).toBeLessThan(32 * MiB)
    const response = await pending
    expect(await response.text()).toBe(String(total))
  })

  test('an echo streams a large body both ways', async () => {
    const url = await start(async (request) => new Response(request.body), {
      maxBodySize: Infinity,
    })
    const body = new Uint8Array(8 * MiB).map((_, i) => i & 255)
    const response = await fetch(url, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(10_000),
    })
    const echoed = new Uint8Array(await response.arrayBuffer())
    expect(echoed.byteLength).toBe(body.byteLength)
    expect(Buffer.compare(echoed, body)).toBe(0)
  })

  test('a client that disconnects mid-upload: the body read fails, nothing crashes', async () => {
    let failure = ''
    const url = await start(async (request) => {
      try {
        await request.text()
      } catch (error) {
        failure = (error as Error).message
      }
      return new Response('unreachable')
    })
    const { port } = new URL(url)
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\npartial',
      )
      setTimeout(() => socket.destroy(), 50)
    })
    socket.on('error', () => {})
    await until(() => failure !== '')
    expect(failure).toMatch(/aborted|disconnected/)
  })
})

describe('the body size limit', () => {
  test('a Content-Length over the limit: 413 before the stack runs', async () => {
    let ran = false
    const warnings: string[] = []
    const url = await start(
      async () => {
        ran = true
        return new Response('ok')
      },
      { maxBodySize: 10, logger: { ...quiet, warn: (m) => void warnings.push(m) } },
    )
    const answer = await raw(
      url,
      'POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\nhello world',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413 Content Too Large\r\n/)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer.endsWith('413 Content Too Large\n')).toBe(true)
    expect(ran).toBe(false)
    expect(warnings).toEqual([
      'Content Too Large: Content-Length 11 is larger than maxBodySize (10 bytes): POST http://127.0.0.1/up',
    ])
    const exact = await fetch(url, { method: 'POST', body: '0123456789' })
    expect(exact.status).toBe(200)
  })

  test('a chunked body that grows past the limit: the read fails, the answer is 413', async () => {
    const seen: string[] = []
    const swallow: Handler = async (request) => {
      // Even a handler that ignores the failure cannot answer anything but 413.
      await request.text().catch((error: Error) => seen.push(error.message))
      return new Response('fine')
    }
    const viaStack = createHandler({
      middleware: [],
      view: async (request) => new Response(await request.text()),
      logger: quiet,
    })
    const streamed: Handler = async (request) => {
      const reader = request.body!.getReader()
      for (;;) if ((await reader.read()).done) break
      return new Response('fine')
    }
    const body = `${'a'.repeat(30)}`
    const chunked = (size: number) =>
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n${body.slice(0, size)}\r\n0\r\n\r\n`
    for (const handler of [swallow, viaStack, streamed]) {
      const url = await start(handler, { maxBodySize: 20 })
      const answer = await raw(url, chunked(30))
      expect(answer).toMatch(/^HTTP\/1\.1 413 Content Too Large\r\n/)
      expect(
        await (await fetch(url, { method: 'POST', body: 'small' })).text(),
      ).not.toBe('')
    }
    expect(seen).toEqual([
      'Content Too Large: the request body is larger than maxBodySize (20 bytes).',
    ])
  })

  test('the default limit is 1 MiB; Infinity turns it off', async () => {
    const handler: Handler = async (request) =>
      new Response(String((await request.arrayBuffer()).byteLength))
    const over = new Uint8Array(MiB + 1)
    const limited = await start(handler)
    const answer = await raw(
      limited,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${MiB + 1}\r\n\r\n`,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    const unlimited = await start(handler, { maxBodySize: Infinity })
    const response = await fetch(unlimited, { method: 'POST', body: over })
    expect(await response.text()).toBe(String(MiB + 1))
    expect(() => serve(handler, { maxBodySize: -1 })).toThrow(ImproperlyConfigured)
    expect(() => serve(handler, { maxBodySize: -1 })).toThrow(
      'toNodeListener: maxBodySize must be a number of bytes, 0 or more (or Infinity), got -1.',
    )
    expect(() => serve(handler, { maxBodySize: '1mb' as unknown as number })).toThrow(
      'toNodeListener: maxBodySize must be a number of bytes, 0 or more (or Infinity), got "1mb".',
    )
  })
})

describe('requests the parser refuses', () => {
  test('a malformed request line or header: 400 from Node, the server lives on', async () => {
    let ran = 0
    const url = await start(async () => {
      ran++
      return new Response('ok')
    })
    const bad = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ctl: a\u0001b\r\n\r\n',
      'GET /a b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    ]
    for (const request of bad) {
      const answer = await raw(url, request)
      expect(answer, JSON.stringify(request)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    }
    const huge = await raw(
      url,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(huge).toMatch(/^HTTP\/1\.1 431 /)
    expect(ran).toBe(0)
    expect((await fetch(url)).status).toBe(200)
  })
})
