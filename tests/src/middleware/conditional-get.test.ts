/**
 * `conditionalGet`: Django's ConditionalGetMiddleware (ST5) with RFC 9110 §13's
 * conditional requests: ETags for complete bodies, 304 and 412.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHandler, ImproperlyConfigured, type View } from '../../../src/index.js'
import {
  conditionalGet,
  type ConditionalGetOptions,
} from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const JAN = 'Mon, 01 Jan 2024 00:00:00 GMT'
const FEB = 'Thu, 01 Feb 2024 00:00:00 GMT'
const MAR = 'Fri, 01 Mar 2024 00:00:00 GMT'

function stack(view: View, options?: ConditionalGetOptions) {
  let calls = 0
  const handler = createHandler({
    middleware: [conditionalGet(options)],
    view: (request, ...rest) => {
      calls += 1
      return view(request, ...rest)
    },
    logger: quiet,
  })
  return { handler, calls: () => calls }
}

const get = (headers: Record<string, string> = {}, method = 'GET') =>
  new Request('http://localhost/page', { method, headers })

const text =
  (body: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { headers })

describe('conditionalGet: ETag generation (Django ConditionalGetMiddleware, ST5)', () => {
  it('gives a complete body a strong ETag, the same for the same bytes', async () => {
    const { handler } = stack(text('hello'))
    const a = await handler(get())
    const b = await handler(get())
    expect(a.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/)
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'))
    expect(await a.text()).toBe('hello')
  })

  it("etag: 'weak' makes W/ tags; etag: false makes none", async () => {
    const weak = await stack(text('hello'), { etag: 'weak' }).handler(get())
    expect(weak.headers.get('etag')).toMatch(/^W\/"/)
    const none = await stack(text('hello'), { etag: false }).handler(get())
    expect(none.headers.has('etag')).toBe(false)
  })

  it("keeps the view's own ETag, and skips no-store and empty bodies (Django needs_etag, set_response_etag)", async () => {
    const own = await stack(text('x', { etag: '"v1"' })).handler(get())
    expect(own.headers.get('etag')).toBe('"v1"')
    const noStore = await stack(
      text('x', { 'cache-control': 'private, no-store' }),
    ).handler(get())
    expect(noStore.headers.has('etag')).toBe(false)
    const empty = await stack(text('')).handler(get())
    expect(empty.headers.has('etag')).toBe(false)
  })

  it('gives no ETag to non-200 responses or to methods other than GET and HEAD', async () => {
    const created = await stack(() => new Response('x', { status: 201 })).handler(get())
    expect(created.headers.has('etag')).toBe(false)
    const posted = await stack(text('x')).handler(get({}, 'POST'))
    expect(posted.headers.has('etag')).toBe(false)
  })

  it('a body longer than maxBodyBytes streams on unchanged, every byte once, without ETag (ST2, ST5)', async () => {
    const chunks = ['aaaa', 'bbbb', 'cccc', 'dddd']
    const body = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks)
            controller.enqueue(new TextEncoder().encode(chunk))
          controller.close()
        },
      })
    const { handler } = stack(() => new Response(body()), { maxBodyBytes: 6 })
    const response = await handler(get())
    expect(response.headers.has('etag')).toBe(false)
    expect(await response.text()).toBe(chunks.join(''))
  })

  it('does not wait for a stream longer than the limit to end (ST2)', async () => {
    let finish = () => {}
    const done = new Promise<void>((resolve) => (finish = resolve))
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(10))
        await done
        controller.enqueue(new Uint8Array([1]))
        controller.close()
      },
    })
    const { handler } = stack(() => new Response(body), { maxBodyBytes: 4 })
    const response = await handler(get()) // resolves before the stream ends
    const reader = response.body!.getReader()
    expect((await reader.read()).value?.byteLength).toBe(10)
    finish()
    expect((await reader.read()).value).toEqual(new Uint8Array([1]))
  })

  it('skips text/event-stream and a Content-Length over the limit without reading', async () => {
    const events = new Response('data: 1\n\n', {
      headers: { 'content-type': 'text/event-stream' },
    })
    const large = new Response('x', { headers: { 'content-length': '999999' } })
    // The very same responses come back: their bodies were not touched.
    expect(await stack(() => events).handler(get())).toBe(events)
    expect(await stack(() => large).handler(get())).toBe(large)
    expect(events.headers.has('etag') || large.headers.has('etag')).toBe(false)
  })

  it('maxBodyBytes: 0 never reads a body, so it never makes an ETag', async () => {
    const page = new Response('hello')
    const response = await stack(() => page, { maxBodyBytes: 0 }).handler(get())
    expect(response).toBe(page)
    expect(response.headers.has('etag')).toBe(false)
    expect(await response.text()).toBe('hello')
  })

  it('a client that cancels a long body cancels the view’s stream too (nothing left running)', async () => {
    const cancelled: unknown[] = []
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(8))
      },
      cancel(reason) {
        cancelled.push(reason)
      },
    })
    const response = await stack(() => new Response(body), { maxBodyBytes: 4 }).handler(
      get(),
    )
    const reader = response.body!.getReader()
    expect((await reader.read()).value?.byteLength).toBe(8)
    await reader.cancel('client went away')
    expect(cancelled).toEqual(['client went away'])
  })

  it('passes a stream error on to the client', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]))
        controller.error(new Error('producer failed'))
      },
    })
    const response = await stack(() => new Response(body)).handler(get())
    await expect(response.arrayBuffer()).rejects.toThrow('producer failed')
  })
})

describe('conditionalGet: 304 Not Modified (RFC 9110 §13.1.2, §13.1.3, §15.4.5)', () => {
  it('If-None-Match with the ETag (weak comparison) is a 304 keeping the listed headers', async () => {
    const headers = {
      etag: '"v1"',
      'cache-control': 'max-age=60',
      'content-location': '/page.en',
      date: FEB,
      expires: MAR,
      'last-modified': JAN,
      vary: 'Accept',
      'content-type': 'text/plain',
      'x-other': 'dropped',
      'set-cookie': 'a=1',
    }
    const { handler } = stack(text('x', headers))
    const response = await handler(get({ 'if-none-match': 'W/"v0", W/"v1"' }))
    expect(response.status).toBe(304)
    expect(await response.text()).toBe('')
    expect(Object.fromEntries(response.headers)).toEqual({
      etag: '"v1"',
      'cache-control': 'max-age=60',
      'content-location': '/page.en',
      date: FEB,
      expires: MAR,
      'last-modified': JAN,
      vary: 'Accept',
      'set-cookie': 'a=1',
    })
  })

  it('If-None-Match: * is a 304 for an existing representation; a HEAD too', async () => {
    const { handler } = stack(text('x'))
    expect((await handler(get({ 'if-none-match': '*' }))).status).toBe(304)
    expect((await handler(get({ 'if-none-match': '*' }, 'HEAD'))).status).toBe(304)
  })

  it('If-Modified-Since at or after Last-Modified is a 304; before it a 200', async () => {
    const { handler } = stack(text('x', { 'last-modified': FEB }), { etag: false })
    expect((await handler(get({ 'if-modified-since': FEB }))).status).toBe(304)
    expect((await handler(get({ 'if-modified-since': MAR }))).status).toBe(304)
    expect((await handler(get({ 'if-modified-since': JAN }))).status).toBe(200)
  })

  it('accepts the obsolete RFC 850 and asctime dates, ignores invalid and future ones (RFC 9110 §5.6.7, §13.1.3)', async () => {
    const { handler } = stack(text('x', { 'last-modified': FEB }), { etag: false })
    const status = async (since: string) =>
      (await handler(get({ 'if-modified-since': since }))).status
    expect(await status('Thursday, 01-Feb-24 00:00:00 GMT')).toBe(304)
    // A two-digit year more than 50 years ahead is in the past century (§5.6.7).
    const old = stack(text('x', { 'last-modified': 'Sun, 06 Nov 1994 08:49:37 GMT' }), {
      etag: false,
    })
    const since94 = { 'if-modified-since': 'Sunday, 06-Nov-94 08:49:37 GMT' }
    expect((await old.handler(get(since94))).status).toBe(304)
    expect(await status('Thu Feb  1 00:00:00 2024')).toBe(304)
    expect(await status('2024-02-01')).toBe(200)
    expect(await status('Thu, 31 Feb 2024 00:00:00 GMT')).toBe(200)
    const future = stack(
      text('x', { 'last-modified': new Date(Date.now() + 864e5).toUTCString() }),
    )
    const tomorrow = new Date(Date.now() + 2 * 864e5).toUTCString()
    expect((await future.handler(get({ 'if-modified-since': tomorrow }))).status).toBe(
      200,
    )
  })

  it('an If-None-Match without any entity-tag is ignored, as if absent (RFC 9110 §13.1.2)', async () => {
    const { handler } = stack(text('x', { etag: '"v1"' }))
    expect((await handler(get({ 'if-none-match': 'v1' }))).status).toBe(200)
    expect((await handler(get({ 'if-none-match': 'v1, "v1"' }))).status).toBe(304)
  })

  it('If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2)', async () => {
    const { handler } = stack(text('x', { etag: '"v2"', 'last-modified': JAN }))
    const response = await handler(
      get({ 'if-none-match': '"v1"', 'if-modified-since': FEB }),
    )
    expect(response.status).toBe(200)
  })

  it('only 2xx responses are made conditional (RFC 9110 §13.2.1)', async () => {
    const { handler } = stack(
      () => new Response('gone', { status: 404, headers: { etag: '"v1"' } }),
    )
    expect((await handler(get({ 'if-none-match': '"v1"' }))).status).toBe(404)
  })

  it('a generated ETag round-trips into a 304', async () => {
    const { handler } = stack(text('same'))
    const etag = (await handler(get())).headers.get('etag')!
    expect((await handler(get({ 'if-none-match': etag }))).status).toBe(304)
  })
})

describe('conditionalGet: 412 Precondition Failed (RFC 9110 §13.1.1, §13.1.4)', () => {
  it('If-Match uses strong comparison: a weak tag never matches', async () => {
    const strong = stack(text('x', { etag: '"v1"' }))
    expect((await strong.handler(get({ 'if-match': '"v1"' }))).status).toBe(200)
    expect((await strong.handler(get({ 'if-match': 'W/"v1"' }))).status).toBe(412)
    expect((await strong.handler(get({ 'if-match': '"v0"' }))).status).toBe(412)
    const weak = stack(text('x', { etag: 'W/"v1"' }))
    expect((await weak.handler(get({ 'if-match': 'W/"v1"' }))).status).toBe(412)
    expect((await weak.handler(get({ 'if-match': '*' }))).status).toBe(200)
  })

  it('If-Unmodified-Since before Last-Modified is a 412; If-Match takes precedence', async () => {
    const { handler } = stack(text('x', { etag: '"v1"', 'last-modified': FEB }))
    expect((await handler(get({ 'if-unmodified-since': JAN }))).status).toBe(412)
    expect((await handler(get({ 'if-unmodified-since': MAR }))).status).toBe(200)
    expect(
      (await handler(get({ 'if-match': '"v1"', 'if-unmodified-since': JAN }))).status,
    ).toBe(200)
  })

  it('a 412 beats a 304: If-Match is evaluated first (RFC 9110 §13.2.2)', async () => {
    const { handler } = stack(text('x', { etag: '"v1"' }))
    const response = await handler(get({ 'if-match': '"v0"', 'if-none-match': '"v1"' }))
    expect(response.status).toBe(412)
  })

  it('without validators, other methods pass untouched: the change is already made (Django)', async () => {
    const { handler } = stack(text('x', { etag: '"v1"' }))
    expect((await handler(get({ 'if-match': '"v0"' }, 'PUT'))).status).toBe(200)
  })
})

describe('conditionalGet: validators, before the view (Django condition decorator)', () => {
  const validators = () => ({ etag: '"v1"', lastModified: new Date(FEB) })

  it('a failed If-Match on a PUT is a 412 and the view never runs', async () => {
    const { handler, calls } = stack(text('saved'), { validators })
    expect((await handler(get({ 'if-match': '"v0"' }, 'PUT'))).status).toBe(412)
    expect(calls()).toBe(0)
    expect((await handler(get({ 'if-match': '"v1"' }, 'PUT'))).status).toBe(200)
    expect(calls()).toBe(1)
  })

  it('If-None-Match: * on a PUT to an existing resource is a 412; a missing one proceeds', async () => {
    const existing = stack(text('created', {}), { validators })
    expect((await existing.handler(get({ 'if-none-match': '*' }, 'PUT'))).status).toBe(
      412,
    )
    const missing = stack(text('created'), { validators: () => undefined })
    expect((await missing.handler(get({ 'if-none-match': '*' }, 'PUT'))).status).toBe(
      200,
    )
    expect((await missing.handler(get({ 'if-match': '*' }, 'PUT'))).status).toBe(412)
  })

  it('a GET that is not modified is a 304 with the validators, without running the view', async () => {
    const { handler, calls } = stack(text('page'), { validators })
    const response = await handler(get({ 'if-none-match': '"v1"' }))
    expect(response.status).toBe(304)
    expect(response.headers.get('etag')).toBe('"v1"')
    expect(response.headers.get('last-modified')).toBe(FEB)
    expect(calls()).toBe(0)
  })

  it("the view's own ETag and Last-Modified win over the validators'", async () => {
    const { handler } = stack(text('page', { etag: '"view"', 'last-modified': MAR }), {
      validators,
    })
    const response = await handler(get())
    expect(response.headers.get('etag')).toBe('"view"')
    expect(response.headers.get('last-modified')).toBe(MAR)
    expect(await response.text()).toBe('page')
  })

  it("a GET that proceeds carries the validators' ETag and Last-Modified", async () => {
    const { handler } = stack(text('page'), { validators })
    const response = await handler(get())
    expect(response.headers.get('etag')).toBe('"v1"')
    expect(response.headers.get('last-modified')).toBe(FEB)
  })
})

describe('conditionalGet: laws', () => {
  it('any body within the limit comes back byte for byte, and its ETag gives a 304', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        async (chunks, limit) => {
          const { handler } = stack(
            () =>
              new Response(
                new ReadableStream<Uint8Array>({
                  start(controller) {
                    for (const chunk of chunks) controller.enqueue(chunk)
                    controller.close()
                  },
                }),
              ),
            { maxBodyBytes: limit },
          )
          const response = await handler(get())
          const expected = Uint8Array.from(chunks.flatMap((chunk) => [...chunk]))
          expect(new Uint8Array(await response.arrayBuffer())).toEqual(expected)
          const etag = response.headers.get('etag')
          expect(etag !== null).toBe(expected.length > 0 && expected.length <= limit)
          if (etag !== null) {
            expect((await handler(get({ 'if-none-match': etag }))).status).toBe(304)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('conditionalGet: options are checked when the stack is built', () => {
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [
      { etag: 'yes' },
      "conditionalGet(): options.etag must be 'strong', 'weak' or false, got 'yes'.",
    ],
    [
      { maxBodyBytes: 1.5 },
      'conditionalGet(): options.maxBodyBytes must be a whole number of bytes, 0 or more, got 1.5.',
    ],
    [
      { validators: 'etag' },
      "conditionalGet(): options.validators must be a function, got 'etag'.",
    ],
    [null, 'conditionalGet() takes an options object or nothing, got null.'],
    // Quoted as written, where JSON would say null.
    [
      { maxBodyBytes: Number.NaN },
      'conditionalGet(): options.maxBodyBytes must be a whole number of bytes, 0 or more, got NaN.',
    ],
  ]
  it.each(cases)('%j', (options, message) => {
    const build = () => conditionalGet(options as ConditionalGetOptions)
    expect(build).toThrow(ImproperlyConfigured)
    expect(build).toThrow(message)
  })
})
