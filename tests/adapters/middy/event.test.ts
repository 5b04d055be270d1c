/**
 * The API Gateway v2 event fromMiddy builds from a request outside the Lambda adapter
 * is the reverse of that adapter's own mapping: the adapter's request for the event
 * has the method, URL, headers, cookies and body of the original (binary bodies going
 * as base64), and the inner layers still read the body.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHandler } from 'shallot'
import { toLambdaHandler, type ApiGatewayV2Event } from 'shallot/aws-lambda'
import { toEvent } from '../../../adapters/middy/event.js'
import { quiet } from '../node/support.js'

/** What the Lambda adapter makes of `event`: the request its view receives. */
async function adapterRequest(event: ApiGatewayV2Event) {
  let seen: { request: Request; body: Uint8Array } | undefined
  const handler = toLambdaHandler(
    createHandler({
      middleware: [],
      view: async (request) => {
        seen = { request, body: new Uint8Array(await request.arrayBuffer()) }
        return new Response('ok')
      },
      logger: quiet,
    }),
  )
  const result = await handler(event)
  expect(result.statusCode).toBe(200)
  return seen!
}

const headersOf = (headers: Headers) =>
  [...headers].filter(([name]) => name !== 'cookie').sort()

const token = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/)
const visible = fc.stringMatching(/^[!-~]([ -~]{0,10}[!-~])?$/)

const requests = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.webPath(),
    // A bare `?` (an empty query) has no place in an event: API Gateway drops it too.
    query: fc.option(
      fc.webQueryParameters().filter((q) => q !== ''),
      { nil: undefined },
    ),
    method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    headers: fc.dictionary(
      token.map((name) => `x-${name}`),
      visible,
      { maxKeys: 4 },
    ),
    cookies: fc.array(fc.tuple(token, token), { maxLength: 3 }),
    body: fc.option(
      fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 64 })),
      { nil: undefined },
    ),
    type: fc.constantFrom(undefined, 'application/json', 'image/png', 'text/plain'),
  })
  .map((spec) => {
    const port = spec.port === undefined ? '' : `:${spec.port}`
    const query = spec.query === undefined ? '' : `?${spec.query}`
    const headers = new Headers(spec.headers)
    if (spec.type !== undefined) headers.set('content-type', spec.type)
    if (spec.cookies.length > 0) {
      headers.set('cookie', spec.cookies.map(([n, v]) => `${n}=${v}`).join('; '))
    }
    const body = spec.method === 'GET' || spec.method === 'HEAD' ? undefined : spec.body
    return new Request(`${spec.scheme}://example.com${port}${spec.path}${query}`, {
      method: spec.method,
      headers,
      ...(body === undefined ? {} : { body }),
    })
  })

describe('fromMiddy’s event for a request outside the Lambda adapter', () => {
  it('round trip: the Lambda adapter’s request for the event is the original', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (original) => {
        const copy = original.clone()
        const sent = new Uint8Array(await copy.arrayBuffer())
        const { event, request: forward } = await toEvent(original)
        const back = await adapterRequest(event)
        expect(back.request.method).toBe(original.method)
        expect(back.request.url).toBe(original.url)
        const expected = new Headers(original.headers)
        expected.set('host', new URL(original.url).host)
        expected.set('x-forwarded-proto', new URL(original.url).protocol.slice(0, -1))
        expect(headersOf(back.request.headers)).toEqual(headersOf(expected))
        expect(back.request.headers.get('cookie')).toBe(original.headers.get('cookie'))
        expect(back.body).toEqual(sent)
        // The inner layers read the same bytes.
        expect(new Uint8Array(await forward.arrayBuffer())).toEqual(sent)
      }),
      { numRuns: 150 },
    )
  })

  it('sends a binary body as base64, a text body as text, and no body as none', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff])
    const image = await toEvent(
      new Request('https://example.com/up', {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body: png,
      }),
    )
    expect([image.event.body, image.event.isBase64Encoded]).toEqual(['iVBOR/8=', true])
    const json = await toEvent(
      new Request('https://example.com/up', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    )
    expect([json.event.body, json.event.isBase64Encoded]).toEqual(['{"a":1}', false])
    const empty = await toEvent(
      new Request('https://example.com/up', {
        method: 'POST',
        body: new Uint8Array(0),
      }),
    )
    expect(['body' in empty.event, empty.event.isBase64Encoded]).toEqual([false, false])
  })

  it('looks like an HTTP API event: lower-case headers, cookies apart, decoded query parameters', async () => {
    const request = new Request('http://localhost:8080/a%20b/c?x=1&x=2&y=%C3%A9', {
      headers: { Cookie: 'a=1;b=2', 'User-Agent': 'test' },
    })
    const { event, request: forward } = await toEvent(request)
    expect(forward).toBe(request)
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/a%20b/c',
      rawQueryString: 'x=1&x=2&y=%C3%A9',
      cookies: ['a=1', 'b=2'],
      headers: {
        host: 'localhost:8080',
        'user-agent': 'test',
        'x-forwarded-proto': 'http',
      },
      queryStringParameters: { x: '1,2', y: 'é' },
      requestContext: {
        domainName: 'localhost',
        http: {
          method: 'GET',
          path: '/a%20b/c',
          protocol: 'HTTP/1.1',
          userAgent: 'test',
        },
        stage: '$default',
      },
      isBase64Encoded: false,
    })
    expect(event.headers).not.toHaveProperty('cookie')
    const bare = await toEvent(new Request('https://example.com/'))
    expect(bare.event).not.toHaveProperty('queryStringParameters')
    expect(bare.event).not.toHaveProperty('cookies')
    expect(bare.event.requestContext.http.userAgent).toBe('')
  })
})
