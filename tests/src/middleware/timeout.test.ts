import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured, createHandler } from '../../../src/index.js'
import { timeout, type TimeoutOptions } from '../../../src/middleware/index.js'
import { takeHeldText } from '../../../src/internal/held-body.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('timeout (RFC 9110 §15.6.4 503 Service Unavailable)', () => {
  it('past the deadline: 503, and timeoutSignal aborts with a TimeoutError', async () => {
    let reason: unknown
    let lateCancelled = false
    const handler = createHandler({
      middleware: [timeout(20)],
      view: async (request) => {
        await new Promise((resolve) =>
          request.timeoutSignal.addEventListener('abort', resolve),
        )
        reason = request.timeoutSignal.reason
        return new Response(
          new ReadableStream({ cancel: () => void (lateCancelled = true) }),
        )
      },
      logger: quiet,
    })
    const response = await handler(new Request('http://localhost/'))
    expect(response.status).toBe(503)
    expect((await response.text()).trim()).toBe('503 Service Unavailable')
    expect((reason as DOMException).name).toBe('TimeoutError')
    await sleep(5)
    expect(lateCancelled).toBe(true) // the late answer is discarded
  })

  it('status and body are configurable', async () => {
    const handler = createHandler({
      middleware: [timeout({ ms: 10, status: 504, body: 'too slow' })],
      view: () => sleep(200).then(() => new Response('late')),
      logger: quiet,
    })
    const response = await handler(new Request('http://localhost/'))
    expect(response.status).toBe(504)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('too slow')
  })

  it('its own answer goes the response helpers’ way: the text held, headers mutable', async () => {
    const handler = createHandler({
      middleware: [timeout({ ms: 10, body: 'too slow' })],
      view: () => sleep(200).then(() => new Response('late')),
      logger: quiet,
    })
    const response = await handler(new Request('http://localhost/'))
    response.headers.set('x-layer', 'after')
    expect(response.headers.get('x-layer')).toBe('after')
    expect(takeHeldText(response)).toBe('too slow')
  })

  it('an answer in time passes, and its signal never aborts (the timer is cleared)', async () => {
    let signal: AbortSignal | undefined
    const handler = createHandler({
      middleware: [timeout(30)],
      view: (request) => ((signal = request.timeoutSignal), new Response('fast')),
    })
    expect(await (await handler(new Request('http://localhost/'))).text()).toBe('fast')
    await sleep(50)
    expect(signal!.aborted).toBe(false)
  })

  it('a body that started streaming before the deadline is not cut', async () => {
    const handler = createHandler({
      middleware: [timeout(10)],
      view: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('a'))
              await sleep(40)
              controller.enqueue(new TextEncoder().encode('b'))
              controller.close()
            },
          }),
        ),
    })
    expect(await (await handler(new Request('http://localhost/'))).text()).toBe('ab')
  })

  it('a request whose client is already gone gets an aborted timeoutSignal at once', async () => {
    const client = new AbortController()
    client.abort(new Error('gone before'))
    let seen: { aborted: boolean; reason: unknown } | undefined
    const handler = createHandler({
      middleware: [timeout(1_000)],
      view: (request) => {
        seen = {
          aborted: request.timeoutSignal.aborted,
          reason: request.timeoutSignal.reason,
        }
        return new Response('ok')
      },
    })
    await handler(new Request('http://localhost/', { signal: client.signal }))
    expect(seen?.aborted).toBe(true)
    expect((seen?.reason as Error).message).toBe('gone before')
  })

  it("the request's own signal aborting (client gone) aborts timeoutSignal too", async () => {
    const client = new AbortController()
    let reason: unknown
    const handler = createHandler({
      middleware: [timeout(1_000)],
      view: async (request) => {
        client.abort(new Error('gone'))
        reason = request.timeoutSignal.reason
        return new Response('ok')
      },
    })
    await handler(new Request('http://localhost/', { signal: client.signal }))
    expect((reason as Error).message).toBe('gone')
  })

  it.each([
    [
      0,
      'timeout() option ms must be a positive number of milliseconds up to 2147483647, got 0.',
    ],
    [Infinity, 'got Infinity'],
    [
      { ms: 10, status: 200 },
      'timeout() option status must be an integer from 400 to 599, got 200.',
    ],
    [{ ms: 10, body: 5 }, 'timeout() option body must be a string, got number.'],
    [{ ms: 10, body: null }, 'timeout() option body must be a string, got null.'],
    [{ ms: '5s' }, 'up to 2147483647, got "5s".'],
  ])('options are checked when timeout() is called: %j', (options, message) => {
    expect(() => timeout(options as TimeoutOptions)).toThrow(ImproperlyConfigured)
    expect(() => timeout(options as TimeoutOptions)).toThrow(message)
  })
})
