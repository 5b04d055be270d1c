/**
 * `requestId`: accept a safe incoming id or generate one, provide it to the layers
 * inside, echo it on the response (Fetch §2.2 header values; immutable headers).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  type Middleware,
  type Req,
} from '../../../src/index.js'
import { requestId, type RequestIdOptions } from '../../../src/middleware/index.js'
import { recordText, recordingLogger } from '../../support/index.js'

const echoView = (request: Req<{ requestId: string }>) =>
  new Response(request.requestId)

function app(options?: RequestIdOptions) {
  return createHandler({
    middleware: [requestId(options)],
    view: echoView,
    logger: recordingLogger(),
  })
}

function get(headers: Record<string, string> = {}) {
  return new Request('http://localhost/', { headers })
}

describe('requestId', () => {
  it('keeps a safe incoming x-request-id, provides it and echoes it', async () => {
    const response = await app()(get({ 'x-request-id': 'edge-1.a_b~c:d/e+f=g' }))
    expect(await response.text()).toBe('edge-1.a_b~c:d/e+f=g')
    expect(response.headers.get('x-request-id')).toBe('edge-1.a_b~c:d/e+f=g')
  })

  it('generates a UUID (crypto.randomUUID) when there is none', async () => {
    const response = await app()(get())
    const id = response.headers.get('x-request-id')
    expect(id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(await response.text()).toBe(id)
  })

  it.each([
    ['spaces', 'a b'],
    ['markup', '<script>alert(1)</script>'],
    ['quotes', '"quoted"'],
    ['two headers joined (Fetch §2.2 combine)', 'one, two'],
    ['201 characters', 'a'.repeat(201)],
    ['non-ASCII', 'caf\u00e9'],
  ])('replaces an untrusted incoming id (%s), never echoing it', async (_, value) => {
    const response = await app({ generate: () => 'fresh' })(
      get({ 'x-request-id': value }),
    )
    expect(response.headers.get('x-request-id')).toBe('fresh')
    expect(await response.text()).toBe('fresh')
  })

  it('accepts exactly 200 characters, the default limit', async () => {
    const id = 'a'.repeat(200)
    const response = await app()(get({ 'x-request-id': id }))
    expect(response.headers.get('x-request-id')).toBe(id)
  })

  it('property: the echoed id is the incoming one iff it is 1-200 safe characters', async () => {
    const handler = app({ generate: () => 'generated' })
    const safe = /^[A-Za-z0-9._~:/+=-]{1,200}$/
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 210 }),
        async (raw) => {
          let request: Request
          try {
            request = get({ 'x-request-id': raw })
          } catch {
            return // not a valid header value: no client could send it
          }
          const sent = request.headers.get('x-request-id')!
          const echoed = (await handler(request)).headers.get('x-request-id')
          expect(echoed).toBe(safe.test(sent) ? sent : 'generated')
        },
      ),
      { numRuns: 300 },
    )
  })

  it('header: reads and writes the configured header', async () => {
    const handler = app({ header: 'x-correlation-id' })
    const response = await handler(get({ 'x-correlation-id': 'corr-7' }))
    expect(response.headers.get('x-correlation-id')).toBe('corr-7')
    expect(response.headers.has('x-request-id')).toBe(false)
  })

  it('trust: a RegExp must match the whole id; g/y flags keep no state', async () => {
    const handler = app({ trust: /[a-f0-9]{8}/g, generate: () => 'fresh' })
    for (let i = 0; i < 3; i++) {
      const kept = await handler(get({ 'x-request-id': 'deadbeef' }))
      expect(kept.headers.get('x-request-id')).toBe('deadbeef')
    }
    const partial = await handler(get({ 'x-request-id': 'deadbeef<x>' }))
    expect(partial.headers.get('x-request-id')).toBe('fresh')
  })

  it('trust: a function sees the id and the request; false always generates', async () => {
    const seen: string[] = []
    const byFunction = app({
      trust: (id, request) => {
        seen.push(`${id} ${new URL(request.url).pathname}`)
        return id.startsWith('lb-')
      },
      generate: () => 'fresh',
    })
    expect(
      (await byFunction(get({ 'x-request-id': 'lb-1' }))).headers.get('x-request-id'),
    ).toBe('lb-1')
    expect(
      (await byFunction(get({ 'x-request-id': 'other' }))).headers.get('x-request-id'),
    ).toBe('fresh')
    expect(seen).toEqual(['lb-1 /', 'other /'])
    const never = app({ trust: false, generate: () => 'fresh' })
    expect(
      (await never(get({ 'x-request-id': 'lb-1' }))).headers.get('x-request-id'),
    ).toBe('fresh')
  })

  it('echoes the id on error responses from inner layers (N2)', async () => {
    const handler = createHandler({
      middleware: [requestId({ generate: () => 'err-1' })],
      view: () => {
        throw new Error('boom')
      },
      logger: recordingLogger(),
    })
    const response = await handler(get())
    expect(response.status).toBe(500)
    expect(response.headers.get('x-request-id')).toBe('err-1')
  })

  it('replaces an id an inner layer set on the response', async () => {
    const handler = createHandler({
      middleware: [requestId({ generate: () => 'ours' })],
      view: () => new Response('x', { headers: { 'x-request-id': 'theirs' } }),
    })
    expect((await handler(get())).headers.get('x-request-id')).toBe('ours')
  })

  it('copies a response with immutable headers without reading its body', async () => {
    const redirect = Response.redirect('http://localhost/next', 302)
    const handler = createHandler({
      middleware: [requestId({ generate: () => 'r-1' })],
      view: () => redirect,
    })
    const response = await handler(get())
    expect(response).not.toBe(redirect)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('http://localhost/next')
    expect(response.headers.get('x-request-id')).toBe('r-1')
  })

  it('streams: the body passes through unread (ST2)', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++
          controller.enqueue(new TextEncoder().encode('chunk'))
          if (pulled === 3) controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const handler = createHandler({
      middleware: [requestId()],
      view: () => new Response(body),
    })
    const response = await handler(get())
    expect(pulled).toBe(0)
    expect(await response.text()).toBe('chunkchunkchunk')
  })

  it('a generate that returns no valid id is a 500 naming it', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [requestId({ generate: () => 'bad\u0001id' })],
      view: echoView,
      logger,
    })
    expect((await handler(get())).status).toBe(500)
    expect(logger.records.map(recordText).join('\n')).toContain(
      'TypeError: requestId() generate returned "bad\\u0001id"',
    )
  })

  it.each([
    [{ header: 'bad header' }, 'requestId() option header must be an HTTP token'],
    [{ header: '' }, 'requestId() option header must be an HTTP token'],
    [
      { header: /x-request-id/i },
      "requestId() option header must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~), got /x-request-id/i.",
    ],
    [{ trust: true }, 'echoing any client value into a header is unsafe'],
    [
      { trust: 'yes' },
      'requestId() option trust must be a RegExp, a function (id, request) => boolean or false, got "yes".',
    ],
    [
      { generate: 'uuid' },
      'requestId() option generate must be a function, got "uuid".',
    ],
    [
      { headerName: 'x-id' },
      'requestId() has no option headerName; its options are header, trust, generate.',
    ],
  ])('build time: %o is ImproperlyConfigured', (options, message) => {
    expect(() => requestId(options as never)).toThrow(ImproperlyConfigured)
    expect(() => requestId(options as never)).toThrow(message)
  })

  it('the factory runs once; inner layers read request.requestId', async () => {
    const seen: string[] = []
    const inner: Middleware<{ requestId: string }> = (getResponse) => (request) => {
      seen.push(request.requestId)
      return getResponse(request)
    }
    const handler = createHandler({
      middleware: [requestId({ generate: () => 'g' }), inner],
      view: echoView,
    })
    await handler(get())
    expect(seen).toEqual(['g'])
  })
})
