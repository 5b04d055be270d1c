/**
 * The URL each integration's event turns into: where the path comes from, which parts
 * arrive decoded and which encoded, and the host when the event has none.
 */
import {
  toLambdaHandler,
  type AlbEvent,
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture, recorder } from './fixture-events.js'

async function urlOf(event: object): Promise<URL> {
  const { seen, handler } = recorder()
  const result = await toLambdaHandler(handler)(event as ApiGatewayV2Event)
  expect(result.statusCode).toBe(200)
  return new URL(seen[0]!.url)
}

const v2 = (rawPath: string, rawQueryString = ''): ApiGatewayV2Event => ({
  ...fixture<ApiGatewayV2Event>('apigw-v2-request-no-authorizer.json'),
  rawPath,
  rawQueryString,
})
const v1 = (patch: Partial<ApiGatewayV1Event>): ApiGatewayV1Event => ({
  ...fixture<ApiGatewayV1Event>('java/apigw/events/apigw_event.json'),
  ...patch,
})
const alb = (patch: Partial<AlbEvent>): AlbEvent => ({
  ...fixture<AlbEvent>('alb-lambda-target-request-headers-only.json'),
  ...patch,
})

describe('HTTP API (v2): rawPath may arrive decoded', () => {
  it('a decoded `%2F` stays a slash: /a%2Fb arrives as /a/b', async () => {
    expect((await urlOf(v2('/a/b'))).pathname).toBe('/a/b')
  })

  it('a bare `%` is escaped, not rejected', async () => {
    const url = await urlOf(v2('/100%/x%zz'))
    expect(url.pathname).toBe('/100%25/x%25zz')
    expect(decodeURIComponent(url.pathname)).toBe('/100%/x%zz')
  })

  it('a decoded `?` or `#` stays in the path; the real query is kept', async () => {
    const url = await urlOf(v2('/who?admin=true#top', 'page=2'))
    expect(url.pathname).toBe('/who%3Fadmin=true%23top')
    expect(url.search).toBe('?page=2')
    expect(url.hash).toBe('')
  })

  it('spaces, tabs, backslashes and non-ASCII are encoded, not dropped', async () => {
    const url = await urlOf(v2('/a b/\tc\\d/é'))
    expect(url.pathname).toBe('/a%20b/%09c%5Cd/%C3%A9')
  })

  it('an encoded path passes unchanged (Function URLs keep the encoding)', async () => {
    expect((await urlOf(v2('/a%2Fb/%E2%9C%93'))).pathname).toBe('/a%2Fb/%E2%9C%93')
  })

  it('a path without a leading slash, or `//host`, stays on the request’s own host', async () => {
    expect((await urlOf(v2('x'))).pathname).toBe('/x')
    const url = await urlOf(v2('//evil.example/x'))
    expect(url.host).toBe('aaaaaaaaaa.execute-api.us-west-2.amazonaws.com')
    expect(url.pathname).toBe('//evil.example/x')
  })

  it('rawQueryString is already encoded: used as it is', async () => {
    const url = await urlOf(v2('/', 'b=%2Fx%20y&a=1&a=2'))
    expect(url.search).toBe('?b=%2Fx%20y&a=1&a=2')
    expect(url.searchParams.get('b')).toBe('/x y')
    expect(url.searchParams.getAll('a')).toEqual(['1', '2'])
  })
})

describe('REST API (v1): path from `path`, query parameters re-encoded', () => {
  it('uses `path`, not requestContext.path, which has the stage in front', async () => {
    // sam/AwsProxy.json: requestContext.path is /prod/path/to/resource
    expect((await urlOf(fixture('sam/AwsProxy.json'))).pathname).toBe(
      '/path/to/resource',
    )
  })

  it('decoded parameter values are encoded again, so they decode once', async () => {
    const url = await urlOf(
      v1({
        multiValueQueryStringParameters: {
          b: ['/x y&z=1'],
          a: ['1', '2'],
          'k k': ['%'],
        },
        queryStringParameters: { b: '/x y&z=1', a: '2', 'k k': '%' },
      }),
    )
    expect(url.searchParams.get('b')).toBe('/x y&z=1')
    expect(url.searchParams.getAll('a')).toEqual(['1', '2'])
    expect(url.searchParams.get('k k')).toBe('%')
    expect(url.searchParams.has('z')).toBe(false)
  })

  it('without multiValueQueryStringParameters, the single-value map', async () => {
    // java/apigw/events/apigw_event.json has queryStringParameters only
    expect((await urlOf(fixture('java/apigw/events/apigw_event.json'))).search).toBe(
      '?foo=bar',
    )
  })
})

describe('ALB: query parameters arrive raw', () => {
  it('an encoded value is not encoded twice', async () => {
    const url = await urlOf(alb({ queryStringParameters: { b: '%2Fx%20y', c: 'a+b' } }))
    expect(url.search).toBe('?b=%2Fx%20y&c=a+b')
    expect(url.searchParams.get('b')).toBe('/x y')
  })

  it('multi-value mode: every value', async () => {
    const url = await urlOf(
      fixture<AlbEvent>('alb-lambda-target-request-multivalue-headers.json'),
    )
    expect(url.searchParams.getAll('key')).toEqual(['hello'])
    const more = await urlOf({
      ...fixture<AlbEvent>('alb-lambda-target-request-multivalue-headers.json'),
      multiValueQueryStringParameters: { a: ['1', '2'] },
    })
    expect(more.searchParams.getAll('a')).toEqual(['1', '2'])
  })

  it('the scheme comes from x-forwarded-proto', async () => {
    // alb-lambda-target-request-headers-only.json: x-forwarded-proto http
    expect((await urlOf(alb({}))).protocol).toBe('http:')
  })
})

describe('the host', () => {
  it('without a host header, the domain name', async () => {
    // java/apigw_rest_event.json has no Host header
    expect((await urlOf(fixture('java/apigw_rest_event.json'))).host).toBe(
      'id.execute-api.us-east-1.amazonaws.com',
    )
  })

  it('neither a host header nor a valid domain name: localhost', async () => {
    // lambda-urls-request.json: domainName is "<url-id>.lambda-url.us-west-2.on.aws"
    expect((await urlOf(fixture('lambda-urls-request.json'))).host).toBe('localhost')
  })

  it('a host header that is not a host is not trusted', async () => {
    const event = v2('/')
    const url = await urlOf({
      ...event,
      headers: { ...event.headers, host: 'evil.example/path?' },
    })
    expect(url.host).toBe('aaaaaaaaaa.execute-api.us-west-2.amazonaws.com')
  })
})
