import { describe, expect, it } from 'vitest'
import {
  ImproperlyConfigured,
  createHandler,
  provide,
  type Middleware,
} from '../../../src/index.js'
import { bodyLimit, type BodyLimitOptions } from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

function stream(
  sizes: readonly number[],
  log: string[] = [],
): ReadableStream<Uint8Array> {
  let i = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = sizes[i++]
        if (size === undefined) return controller.close()
        log.push(`chunk ${size}`)
        controller.enqueue(new Uint8Array(size))
      },
      cancel: () => void log.push('cancelled'),
    },
    { highWaterMark: 0 },
  )
}
function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request('http://localhost/', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)
}

describe('bodyLimit (RFC 9110 §15.5.14 413 Content Too Large)', () => {
  let viewCalls = 0
  const handler = createHandler({
    middleware: [bodyLimit({ maxBytes: 10 })],
    view: async (request) => {
      viewCalls++
      return new Response(`got ${(await request.arrayBuffer()).byteLength}`)
    },
    logger: quiet,
  })

  it('a Content-Length over the limit is a 413 before anything is read', async () => {
    viewCalls = 0
    const log: string[] = []
    const response = await handler(post(stream([20], log), { 'content-length': '20' }))
    expect(response.status).toBe(413)
    expect(viewCalls).toBe(0)
    expect(log).toEqual([])
  })

  it('a Content-Length within the limit passes the same request object', async () => {
    let seen: Request | undefined
    const same = createHandler({
      middleware: [bodyLimit(10)],
      view: (request) => ((seen = request), new Response('ok')),
    })
    const request = post('0123456789', { 'content-length': '10' })
    await same(request)
    expect(seen).toBe(request)
  })

  it('a Content-Length that is not a number is a 400', async () => {
    const response = await handler(post(stream([1]), { 'content-length': '1e3' }))
    expect(response.status).toBe(400)
  })

  it('a chunked body within the limit is read whole', async () => {
    const response = await handler(post(stream([4, 6])))
    expect(await response.text()).toBe('got 10')
  })

  it('a chunked body is counted as it is read: 413 past the limit, the rest not read', async () => {
    const log: string[] = []
    const response = await handler(post(stream([6, 6, 6, 6], log)))
    expect(response.status).toBe(413)
    expect(log).toEqual(['chunk 6', 'chunk 6', 'cancelled'])
  })

  it('the error reading the body is HttpError(413), even when the view catches it', async () => {
    const catching = createHandler({
      middleware: [bodyLimit(3)],
      view: async (request) => {
        try {
          await request.text()
          return new Response('read')
        } catch (error) {
          return new Response(`caught ${(error as { status?: number }).status}`)
        }
      },
      logger: quiet,
    })
    const response = await catching(post(stream([2, 2])))
    expect(response.status).toBe(413)
  })

  it('provided properties survive the new request; the body is a stream, not buffered', async () => {
    const tag: Middleware<{}, { tag: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { tag: 'outer' }))
    const log: string[] = []
    const lazy = createHandler({
      middleware: [tag, bodyLimit(100)],
      view: (request) => new Response(`${request.tag} ${log.length}`),
    })
    expect(await (await lazy(post(stream([1, 2], log)))).text()).toBe('outer 0')
  })

  it('an inner layer that cancels a chunked body cancels the upload itself (nothing left reading)', async () => {
    const log: string[] = []
    const cancelling = createHandler({
      middleware: [bodyLimit(100)],
      view: async (request) => {
        await request.body!.cancel('not needed')
        return new Response('ignored the body')
      },
      logger: quiet,
    })
    const response = await cancelling(post(stream([1, 2, 3], log)))
    expect(await response.text()).toBe('ignored the body')
    expect(log).toEqual(['cancelled'])
  })

  it('a request without a body passes unchanged', async () => {
    const response = await handler(new Request('http://localhost/'))
    expect(await response.text()).toBe('got 0')
  })

  it.each([
    [-1],
    [1.5],
    [Number.NaN],
    [{} as BodyLimitOptions],
    ['10' as unknown as number],
  ])('maxBytes is checked when bodyLimit() is called: %j', (limit) => {
    expect(() => bodyLimit(limit)).toThrow(ImproperlyConfigured)
    expect(() => bodyLimit(limit)).toThrow(
      'bodyLimit() option maxBytes must be a non-negative integer (bytes), got',
    )
  })
})
