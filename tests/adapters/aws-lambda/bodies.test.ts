/**
 * Bodies both ways: base64 request bodies decoded, response bodies sent as text or
 * base64 (the default rule, a custom `bodyEncoding`, the UTF-8 safety net), and no
 * body where HTTP has none.
 */
import {
  defaultBodyEncoding,
  toLambdaHandler,
  type ApiGatewayV2Event,
  type LambdaResult,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture, recorder } from './fixture-events.js'

const event = (patch: Partial<ApiGatewayV2Event> = {}): ApiGatewayV2Event => ({
  ...fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json'),
  ...patch,
})
const post = (patch: Partial<ApiGatewayV2Event> = {}) =>
  event({
    requestContext: { ...event().requestContext, http: { method: 'POST' } },
    ...patch,
  })

const answer = (body: BodyInit | null, headers: HeadersInit = {}, status = 200) =>
  toLambdaHandler(() => Promise.resolve(new Response(body, { status, headers })))

const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)

describe('request bodies', () => {
  it('a base64 body arrives as its bytes, all 256 values', async () => {
    let seen: Uint8Array | undefined
    const handler = toLambdaHandler(async (request) => {
      seen = new Uint8Array(await request.arrayBuffer())
      return new Response(null, { status: 204 })
    })
    const result = await handler(
      post({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true }),
    )
    expect(result.statusCode).toBe(204)
    expect([...seen!]).toEqual([...bytes])
  })

  it('a text body arrives as UTF-8, with no content type added', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)(
      post({ body: 'héllo ✓', headers: { host: 'a.example' } }),
    )
    expect(seen[0]!.body).toBe('héllo ✓')
    expect(seen[0]!.headers['content-type']).toBeUndefined()
  })

  it('GET and HEAD with a body: the body is dropped, the request answered', async () => {
    // apigw-v2-request-iam.json is a GET with a body
    for (const method of ['GET', 'HEAD']) {
      const { seen, handler } = recorder()
      const event = fixture<ApiGatewayV2Event>('apigw-v2-request-iam.json')
      const result = await toLambdaHandler(handler)({
        ...event,
        headers: { ...event.headers, 'content-length': '42' },
        requestContext: { http: { method } },
      })
      expect(result.statusCode).toBe(200)
      expect(seen[0]).toMatchObject({ method, body: null })
      // The dropped body's length goes with it.
      expect(seen[0]!.headers['content-length']).toBeUndefined()
    }
  })
})

describe('response bodies', () => {
  it.each([
    ['text/html; charset=utf-8', 'text'],
    ['application/json', 'text'],
    ['application/problem+json', 'text'],
    ['application/atom+xml', 'text'],
    ['application/xml', 'text'],
    ['application/javascript', 'text'],
    ['application/x-www-form-urlencoded', 'text'],
    ['image/svg+xml', 'text'],
    ['image/png', 'base64'],
    ['application/octet-stream', 'base64'],
    ['application/pdf', 'base64'],
  ])('defaultBodyEncoding: %s is %s', (type, encoding) => {
    expect(defaultBodyEncoding(new Headers({ 'content-type': type }))).toBe(encoding)
  })

  it('defaultBodyEncoding: no content type, or a content encoding, is base64', () => {
    expect(defaultBodyEncoding(new Headers())).toBe('base64')
    const gzipped = new Headers({
      'content-type': 'text/plain',
      'content-encoding': 'br',
    })
    expect(defaultBodyEncoding(gzipped)).toBe('base64')
    const identity = new Headers({
      'content-type': 'text/plain',
      'content-encoding': 'identity',
    })
    expect(defaultBodyEncoding(identity)).toBe('text')
  })

  it('binary bodies go out base64 and decode to the same bytes', async () => {
    const result = await answer(bytes, { 'content-type': 'application/octet-stream' })(
      event(),
    )
    expect(result.isBase64Encoded).toBe(true)
    expect([...Buffer.from(result.body, 'base64')]).toEqual([...bytes])
  })

  it('text bodies go out as text', async () => {
    const result = await answer('{"ok":"✓"}', { 'content-type': 'application/json' })(
      event(),
    )
    expect(result).toMatchObject({ body: '{"ok":"✓"}', isBase64Encoded: false })
  })

  it('a text type whose bytes are not UTF-8 still goes out base64, uncorrupted', async () => {
    const latin1 = Uint8Array.of(0x63, 0x61, 0x66, 0xe9) // "café" in ISO-8859-1
    const result = await answer(latin1, {
      'content-type': 'text/plain; charset=latin1',
    })(event())
    expect(result.isBase64Encoded).toBe(true)
    expect([...Buffer.from(result.body, 'base64')]).toEqual([...latin1])
  })

  it('bodyEncoding decides: here, every body as text', async () => {
    const handler = toLambdaHandler(
      () =>
        Promise.resolve(new Response('plain', { headers: { 'content-type': 'x/y' } })),
      { bodyEncoding: () => 'text' },
    )
    expect(await handler(event())).toMatchObject({
      body: 'plain',
      isBase64Encoded: false,
    })
  })

  it('bodyEncoding decides: here, NDJSON as text, the rest by default', async () => {
    const bodyEncoding = (headers: Headers) =>
      headers.get('content-type') === 'application/x-my-lines'
        ? ('text' as const)
        : defaultBodyEncoding(headers)
    const handler = toLambdaHandler(
      () =>
        Promise.resolve(
          new Response('{}\n{}\n', {
            headers: { 'content-type': 'application/x-my-lines' },
          }),
        ),
      { bodyEncoding },
    )
    expect((await handler(event())).isBase64Encoded).toBe(false)
  })

  it('HEAD, 204 and 304 answers have an empty body, whatever the view returned', async () => {
    const head = event({ requestContext: { http: { method: 'HEAD' } } })
    const results: LambdaResult[] = [
      await answer('not for HEAD', { 'content-type': 'text/plain' })(head),
      await answer(null, {}, 204)(event()),
      await answer(null, { etag: '"v1"' }, 304)(event()),
    ]
    for (const result of results) expect(result.body).toBe('')
    expect(results[0]!.headers).toMatchObject({ 'content-type': 'text/plain' })
    expect(results[2]!.headers).toMatchObject({ etag: '"v1"' })
  })

  it('a body that fails while read: a 500 result, logged, no rejection', async () => {
    const errors: string[] = []
    const failing = new ReadableStream({
      pull(controller) {
        controller.error(new Error('disk gone'))
      },
    })
    const handler = toLambdaHandler(() => Promise.resolve(new Response(failing)), {
      logger: { warn() {}, error: (message) => errors.push(message) },
    })
    const result = await handler(event())
    expect(result).toMatchObject({
      statusCode: 500,
      body: '500 Internal Server Error\n',
    })
    expect(errors).toEqual(['Reading the response body failed; answered 500.'])
  })
})
