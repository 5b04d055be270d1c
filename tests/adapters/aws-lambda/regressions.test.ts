/**
 * Bugs the Lambda fuzzers found, one test each, so that they stay fixed:
 *
 * - a REST (v1) query parameter holding a lone surrogate made `encodeURIComponent`
 *   throw, and the handler rejected instead of answering 400;
 * - a payload 2.0 `cookies` entry that is not a valid header value (NUL, a character
 *   above U+00FF) made `Headers.set` throw, with the same result;
 * - a response header named `__proto__` (a valid token, RFC 9110 §5.1) vanished from
 *   every result shape, since `record['__proto__'] = value` sets no property;
 * - a `bodyEncoding` option that throws made the 400 to a malformed event a rejection.
 */
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type AlbEvent,
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaLogger, memoryStream } from './doubles.js'
import { fixture, recorder } from './fixture-events.js'

/** Both handlers answer `event` with 400 and log `reason`, never calling the view. */
async function expect400(event: LambdaEvent, reason: string) {
  const { warnings, errors, logger } = lambdaLogger()
  const { seen, handler } = recorder()
  const result = await toLambdaHandler(handler, { logger })(event)
  expect(result).toMatchObject({ statusCode: 400, body: '400 Bad Request\n' })
  const { stream, read } = memoryStream()
  await toStreamingLambdaHandler(handler, { logger })(event, stream)
  const { prelude, body } = read()
  expect(prelude).toMatchObject({ statusCode: 400 })
  expect(body.toString()).toBe('400 Bad Request\n')
  expect(seen).toEqual([])
  expect(errors).toEqual([])
  expect(warnings).toHaveLength(2)
  for (const warning of warnings) expect(warning).toContain(reason)
}

describe('a lone surrogate in a REST query parameter: 400, not a rejection', () => {
  // apigw-request.json: a REST event with both query parameter maps.
  const v1 = fixture<ApiGatewayV1Event>('apigw-request.json')

  it('in a value', async () => {
    await expect400(
      {
        ...v1,
        queryStringParameters: { name: 'a\uD800b' },
        multiValueQueryStringParameters: { name: ['a\uD800b'] },
      },
      'query parameter "name" is not well-formed Unicode',
    )
  })

  it('in a name', async () => {
    await expect400(
      {
        ...v1,
        queryStringParameters: { '\uDC00': 'x' },
        multiValueQueryStringParameters: null,
      },
      'query parameter "\\udc00" is not well-formed Unicode',
    )
  })

  it('payload 2.0 without rawQueryString re-encodes its parameters the same way', async () => {
    const { rawQueryString: _, ...v2 } = fixture<ApiGatewayV2Event>(
      'apigw-v2-request-no-authorizer.json',
    )
    await expect400(
      { ...v2, queryStringParameters: { q: '\uD83D' } } as unknown as ApiGatewayV2Event,
      'query parameter "q" is not well-formed Unicode',
    )
  })

  it('a well-formed astral character is still encoded and decoded', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)({
      ...v1,
      queryStringParameters: { q: 'a😀b' },
      multiValueQueryStringParameters: { q: ['a😀b'] },
    })
    expect(new URL(seen[0]!.url).searchParams.get('q')).toBe('a😀b')
  })
})

describe('a payload 2.0 cookie that cannot be a header value: 400, not a rejection', () => {
  // function-url-request-with-headers-and-cookies-and-text-body.json: a real capture
  // with a `cookies` array.
  const v2 = fixture<ApiGatewayV2Event>(
    'function-url-request-with-headers-and-cookies-and-text-body.json',
  )

  it.each([
    ['a NUL', 'a=\u0000'],
    ['a line break inside', 'a=1\r\nx-injected: 1'],
    ['a character above U+00FF', 'a=\u0100'],
    ['a lone surrogate', 'a=\uD800'],
  ])('%s', async (_, cookie) => {
    await expect400(
      { ...v2, cookies: ['ok=1', cookie] },
      'cookies holds a value that is not valid in an HTTP header',
    )
  })
})

describe('a response header named __proto__ is kept (RFC 9110 §5.1: a token)', () => {
  const answer = () => {
    const headers = new Headers([
      ['__proto__', 'kept'],
      ['constructor', 'also'],
    ])
    headers.append('set-cookie', 'a=1')
    return new Response('ok', { headers })
  }
  const shapes: [string, LambdaEvent, (result: object) => unknown][] = [
    [
      'v1',
      fixture<ApiGatewayV1Event>('apigw-request.json'),
      (result) => (result as { headers: object }).headers,
    ],
    [
      'v2',
      fixture<ApiGatewayV2Event>('apigw-v2-request-iam.json'),
      (result) => (result as { headers: object }).headers,
    ],
    [
      'alb',
      fixture<AlbEvent>('alb-lambda-target-request-headers-only.json'),
      (result) => (result as { headers: object }).headers,
    ],
    [
      'alb-multi',
      fixture<AlbEvent>('alb-lambda-target-request-multivalue-headers.json'),
      (result) => (result as { multiValueHeaders: object }).multiValueHeaders,
    ],
  ]

  it.each(shapes)(
    '%s: an own property, in the JSON sent back',
    async (kind, event, pick) => {
      const result = await toLambdaHandler(async () => answer())(event)
      const headers = pick(result)
      const value = kind === 'alb-multi' ? ['kept'] : 'kept'
      expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toEqual(
        value,
      )
      expect(Object.getPrototypeOf(headers)).toBe(Object.prototype)
      const sent = JSON.parse(JSON.stringify(result)) as Record<string, object>
      expect(Object.keys(pick(sent) as object)).toContain('__proto__')
      expect(Object.keys(pick(sent) as object)).toContain('constructor')
    },
  )

  it('streaming: in the prelude', async () => {
    const { stream, read } = memoryStream()
    await toStreamingLambdaHandler(async () => answer())(
      fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json'),
      stream,
    )
    const { headers } = read().prelude as { headers: object }
    expect(Object.keys(headers)).toContain('__proto__')
  })
})

describe('a malformed event with a bodyEncoding that throws', () => {
  it('still gets its 400: the 400 is encoded by the default rules', async () => {
    const { logger } = lambdaLogger()
    const { handler } = recorder()
    const bodyEncoding = (): never => {
      throw new Error('bodyEncoding failed')
    }
    const result = await toLambdaHandler(handler, { logger, bodyEncoding })({
      version: '2.0',
    } as unknown as LambdaEvent)
    expect(result).toMatchObject({ statusCode: 400, body: '400 Bad Request\n' })
  })

  it('on a valid event, answers a 500 with the stack’s error body and logs why', async () => {
    const { errors, logger } = lambdaLogger()
    const { handler } = recorder()
    const bodyEncoding = (): never => {
      throw new Error('bodyEncoding failed')
    }
    const event = fixture('apigw-v2-request-no-authorizer.json')
    const result = await toLambdaHandler(handler, { logger, bodyEncoding })(event)
    // The 500's own body is encoded by the default rules, as the 400's is.
    expect(result).toMatchObject({
      statusCode: 500,
      body: '500 Internal Server Error\n',
    })
    expect(errors).toEqual(['Reading the response body failed; answered 500.'])
  })
})
