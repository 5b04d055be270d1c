/**
 * Every AWS event fixture through `toLambdaHandler`: what the view saw (method, URL,
 * headers, body) and the shape of the result. The fixtures are real payloads from
 * aws-lambda-go and aws-lambda-java-libs, and events rendered from aws-sam-cli's
 * templates (fixtures/SOURCES.md).
 */
import { toLambdaHandler } from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { allFixtures, fixture, recorder, type Seen } from './fixture-events.js'

type Shape = 'v1' | 'v2' | 'alb' | 'alb-multi'

interface Expected {
  readonly shape: Shape
  readonly method: string
  readonly url: string
  readonly body: string | null
  /** Headers the view must see with exactly these values (`null`: absent). */
  readonly headers?: Record<string, string | null>
}

const rest = 'https://gy415nuibc.execute-api.us-east-1.amazonaws.com'
const javaRest = 'https://1234567890.execute-api.us-east-1.amazonaws.com'
const httpApi = 'https://id.execute-api.us-east-1.amazonaws.com'
const urlId = 'https://lambda-url-id.lambda-url.us-west-2.on.aws'
const v2Query = '?parameter1=value1&parameter1=value2&parameter2=value'
const v2Cookies = { cookie: 'cookie1; cookie2' }

/** One entry per request fixture; a fixture without an entry fails the suite. */
const EXPECTED: Record<string, Expected> = {
  'alb-lambda-target-request-headers-only.json': {
    shape: 'alb',
    method: 'GET',
    // x-forwarded-proto: http
    url: 'http://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=hello',
    body: null,
    headers: { 'x-myheader': '123' },
  },
  'alb-lambda-target-request-multivalue-headers.json': {
    shape: 'alb-multi',
    method: 'GET',
    url: 'http://lambda-test-alb-1234567.us-east-1.elb.amazonaws.com/?key=hello',
    body: null,
    headers: { 'x-myheader': '123', accept: '*/*' },
  },
  'apigw-request.json': {
    shape: 'v1',
    method: 'POST',
    url: `${rest}/hello/world?name=me`,
    body: '{\r\n\t"a": 1\r\n}',
    // mixed-case names in the event; `x-forwarded-for` holds a comma in one value
    headers: {
      headername: 'headerValue',
      'content-type': 'application/json',
      'x-forwarded-for': '54.240.196.186, 54.182.214.83',
    },
  },
  'apigw-restapi-openapi-request.json': {
    shape: 'v1',
    method: 'POST',
    url: `${rest}/hello/world?name=me`,
    body: '{\r\n\t"a": 1\r\n}',
  },
  // The three authorizer events are GETs with a body: the body is dropped.
  'apigw-v2-request-iam.json': {
    shape: 'v2',
    method: 'GET',
    url: `${httpApi}/my/path${v2Query}`,
    body: null,
    headers: { ...v2Cookies, header1: 'value1', header2: 'value2' },
  },
  'apigw-v2-request-jwt-authorizer.json': {
    shape: 'v2',
    method: 'GET',
    url: `${httpApi}/my/path${v2Query}`,
    body: null,
    headers: v2Cookies,
  },
  'apigw-v2-request-lambda-authorizer.json': {
    shape: 'v2',
    method: 'GET',
    url: `${httpApi}/my/path${v2Query}`,
    body: null,
    headers: v2Cookies,
  },
  'apigw-v2-request-no-authorizer.json': {
    shape: 'v2',
    method: 'GET',
    url: 'https://aaaaaaaaaa.execute-api.us-west-2.amazonaws.com/',
    body: null,
    headers: { cookie: null, 'content-length': '0' },
  },
  'function-url-domain-only-get-request-trailing-slash.json': {
    shape: 'v2',
    method: 'GET',
    url: `${urlId}/`,
    body: null,
    headers: { 'content-type': 'application/json' },
  },
  'function-url-domain-only-get-request.json': {
    shape: 'v2',
    method: 'GET',
    url: `${urlId}/`,
    body: null,
  },
  'function-url-domain-only-request-with-base64-encoded-body.json': {
    shape: 'v2',
    method: 'POST',
    url: `${urlId}/`,
    body: '<idk/>', // delivered as base64 "PGlkay8+"
    headers: { 'content-type': 'idk' },
  },
  'function-url-request-with-headers-and-cookies-and-text-body.json': {
    shape: 'v2',
    method: 'POST',
    url: `${urlId}/hello?hello=world&foo=bar`,
    body: '{"hello": "world"}',
    // both a cookie header and a cookies array: the cookies once, not twice
    headers: { cookie: 'foo=bar; hello=hello', header2: 'h1,h2' },
  },
  'lambda-urls-request.json': {
    shape: 'v2',
    method: 'POST',
    // no host header, and a placeholder domain that is not a host
    url: `https://localhost/my/path${v2Query}`,
    body: 'Hello from client!',
    headers: { ...v2Cookies, host: null, header2: 'value1,value2' },
  },
  'java/apigw/events/apigw_event.json': {
    shape: 'v1',
    method: 'POST',
    // `path`, not requestContext.path (/prod/path/to/resource)
    url: `${javaRest}/path/to/resource?foo=bar`,
    body: '{"message": "Lambda rocks"}',
  },
  'java/apigw/events/apigw_event_nobody.json': {
    shape: 'v1',
    method: 'POST',
    url: `${javaRest}/path/to/resource?foo=bar`,
    body: null, // body: ""
  },
  'java/apigw_http_event.json': {
    shape: 'v2',
    method: 'POST',
    url: `${httpApi}/my/path${v2Query}`,
    body: 'Hello from Lambda!!',
    headers: v2Cookies,
  },
  'java/apigw_rest_event.json': {
    shape: 'v1',
    method: 'GET',
    // no host header: the domain name; multiValueQueryStringParameters, all values
    url: 'https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter2=value1&parameter2=value2',
    body: null, // a GET with a body
    // multiValueHeaders: two values, and one value holding a comma
    headers: { header2: 'value1, value2', header3: 'value1,value2' },
  },
  'java/elb_event.json': {
    shape: 'alb',
    method: 'GET',
    url: 'http://lambda-yyyyyyyy.elb.amazonaws.com/', // queryStringParameters: {}
    body: null, // a GET with a body
    headers: { cookie: 'name=value' },
  },
  'sam/ALBRequest.json': {
    shape: 'alb',
    method: 'POST',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/path/to/resource?query=1234ABCD',
    body: '{"test":"body"}', // base64 in the event
  },
  'sam/AwsProxy.json': {
    shape: 'v1',
    method: 'POST',
    // multiValueHeaders' Host (0123...) wins over headers' (1234...); stage not in path
    url: 'https://0123456789.execute-api.us-east-1.amazonaws.com/path/to/resource?foo=bar',
    body: '{"test":"body"}',
  },
  'sam/HttpApi.json': {
    shape: 'v2',
    method: 'POST',
    url: `${httpApi}/path/to/resource${v2Query}`,
    body: '{"test":"body"}',
    headers: { ...v2Cookies, header2: 'value1,value2' },
  },
}

const requestFixtures = allFixtures().filter((name) => !name.includes('response'))

const twoCookies = async () => {
  const headers = new Headers({ 'content-type': 'text/plain; charset=utf-8' })
  headers.append('set-cookie', 'a=1; Path=/')
  headers.append('set-cookie', 'b=2; HttpOnly')
  return new Response('ok', { status: 201, headers })
}

const FIELDS: Record<Shape, string[]> = {
  v1: ['body', 'headers', 'isBase64Encoded', 'multiValueHeaders', 'statusCode'],
  v2: ['body', 'cookies', 'headers', 'isBase64Encoded', 'statusCode'],
  alb: ['body', 'headers', 'isBase64Encoded', 'statusCode', 'statusDescription'],
  'alb-multi': [
    'body',
    'isBase64Encoded',
    'multiValueHeaders',
    'statusCode',
    'statusDescription',
  ],
}

describe('every AWS event fixture through toLambdaHandler', () => {
  it('has an expectation for every request fixture', () => {
    expect(requestFixtures.length).toBe(21)
    expect(requestFixtures.filter((name) => !(name in EXPECTED))).toEqual([])
  })

  it.each(requestFixtures)('%s: the view sees the request', async (name) => {
    const expected = EXPECTED[name]!
    const { seen, handler } = recorder()
    const result = await toLambdaHandler(handler)(fixture(name))
    expect(result.statusCode).toBe(200)
    expect(seen).toHaveLength(1)
    const request: Seen = seen[0]!
    expect(request.method).toBe(expected.method)
    expect(request.url).toBe(expected.url)
    expect(request.body).toBe(expected.body)
    for (const [header, value] of Object.entries(expected.headers ?? {})) {
      expect(request.headers[header] ?? null, header).toBe(value)
    }
  })

  it.each(requestFixtures)(
    '%s: the result has its integration’s shape',
    async (name) => {
      const expected = EXPECTED[name]!
      const result = await toLambdaHandler(twoCookies)(fixture(name))
      expect(Object.keys(result).sort()).toEqual(FIELDS[expected.shape])
      expect(result).toMatchObject({
        statusCode: 201,
        body: 'ok',
        isBase64Encoded: false,
      })
      const cookies = ['a=1; Path=/', 'b=2; HttpOnly']
      switch (expected.shape) {
        case 'v1':
          expect(result).toMatchObject({
            headers: { 'content-type': 'text/plain; charset=utf-8' },
            multiValueHeaders: { 'set-cookie': cookies },
          })
          break
        case 'v2':
          expect(result).toMatchObject({ cookies })
          break
        case 'alb':
          expect(result).toMatchObject({
            statusDescription: '201 Created',
            headers: { 'set-cookie': cookies[0], 'Set-cookie': cookies[1] },
          })
          break
        case 'alb-multi':
          expect(result).toMatchObject({
            statusDescription: '201 Created',
            multiValueHeaders: {
              'content-type': ['text/plain; charset=utf-8'],
              'set-cookie': cookies,
            },
          })
      }
    },
  )
})

describe('results use only the fields of AWS’s own response examples', () => {
  const fieldsOf = (...names: string[]) =>
    new Set(names.flatMap((name) => Object.keys(fixture<object>(name))))

  it.each([
    [
      'v1',
      'apigw-request.json',
      ['apigw-response.json', 'java/response/apigw_proxy_response.json'],
    ],
    ['v2', 'apigw-v2-request-iam.json', ['lambda-urls-response.json']],
    ['v2', 'lambda-urls-request.json', ['lambda-urls-response.json']],
    [
      'alb',
      'java/elb_event.json',
      ['alb-lambda-target-response.json', 'java/response/alb_response.json'],
    ],
    [
      'alb-multi',
      'alb-lambda-target-request-multivalue-headers.json',
      ['alb-lambda-target-response.json'],
    ],
  ] as const)('%s (%s) against %j', async (_, event, responses) => {
    const result = await toLambdaHandler(twoCookies)(fixture(event))
    const allowed = fieldsOf(...responses)
    expect(Object.keys(result).filter((key) => !allowed.has(key))).toEqual([])
  })

  it('a v2 result carries no multiValueHeaders (payload 2.0 ignores them)', async () => {
    // java/response/apigw_v2_http_response.json has them: it follows the Java type.
    const result = await toLambdaHandler(twoCookies)(fixture('sam/HttpApi.json'))
    expect(result).not.toHaveProperty('multiValueHeaders')
  })
})
