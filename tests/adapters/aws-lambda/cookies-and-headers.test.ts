/**
 * Cookies and repeated headers in both directions, in each integration's own way.
 */
import {
  toLambdaHandler,
  type AlbEvent,
  type AlbResult,
  type ApiGatewayV1Event,
  type ApiGatewayV1Result,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture, recorder } from './fixture-events.js'

const cookies =
  (...values: string[]) =>
  () => {
    const headers = new Headers({ vary: 'accept' })
    headers.append('vary', 'cookie')
    for (const value of values) headers.append('set-cookie', value)
    return Promise.resolve(new Response('ok', { headers }))
  }

describe('request cookies', () => {
  it('v2: the cookies array becomes the Cookie header', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)(fixture('apigw-v2-request-iam.json'))
    expect(seen[0]!.headers['cookie']).toBe('cookie1; cookie2')
  })

  it('v2: a cookie header and a cookies array (Function URL) give the cookies once', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)(
      fixture('function-url-request-with-headers-and-cookies-and-text-body.json'),
    )
    expect(seen[0]!.headers['cookie']).toBe('foo=bar; hello=hello')
  })

  it('v2: the cookies array replaces a cookie header that says otherwise', async () => {
    const event = fixture<ApiGatewayV2Event>(
      'function-url-request-with-headers-and-cookies-and-text-body.json',
    )
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)({ ...event, cookies: ['only=this'] })
    expect(seen[0]!.headers['cookie']).toBe('only=this')
  })

  it('v1 and ALB: the Cookie header as sent', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)(fixture('java/elb_event.json'))
    expect(seen[0]!.headers['cookie']).toBe('name=value')
  })
})

describe('request headers', () => {
  it('v1: every value of multiValueHeaders, not just the last of headers', async () => {
    const { seen, handler } = recorder()
    const event = fixture<ApiGatewayV1Event>('java/apigw_rest_event.json')
    await toLambdaHandler(handler)(event)
    expect(event.headers?.['Header2']).toBe('value2') // the single-value map lies
    expect(seen[0]!.headers['header2']).toBe('value1, value2')
  })

  it('ALB multi-value: every value', async () => {
    const { seen, handler } = recorder()
    const event = fixture<AlbEvent>('alb-lambda-target-request-multivalue-headers.json')
    await toLambdaHandler(handler)({
      ...event,
      multiValueHeaders: { ...event.multiValueHeaders, 'x-multi': ['one', 'two'] },
    })
    expect(seen[0]!.headers['x-multi']).toBe('one, two')
  })

  it('v1: an empty multiValueHeaders does not hide the headers map', async () => {
    const { seen, handler } = recorder()
    const event = fixture<ApiGatewayV1Event>('java/apigw/events/apigw_event.json')
    await toLambdaHandler(handler)({
      ...event,
      multiValueHeaders: { Accept: ['text/plain'] },
      multiValueQueryStringParameters: {},
    })
    expect(seen[0]!.headers['accept']).toBe('text/plain') // multi wins, case aside
    expect(seen[0]!.headers['user-agent']).toBe('Custom User Agent String')
    expect(new URL(seen[0]!.url).search).toBe('?foo=bar')
  })

  it('null values in a header map are skipped', async () => {
    const { seen, handler } = recorder()
    const event = fixture<ApiGatewayV1Event>('java/apigw/events/apigw_event.json')
    await toLambdaHandler(handler)({
      ...event,
      headers: { ...event.headers, 'x-null': null },
      multiValueHeaders: null,
    })
    expect(seen[0]!.headers).not.toHaveProperty('x-null')
    expect(seen[0]!.headers['accept-language']).toBe('en-US,en;q=0.8')
  })
})

describe('Set-Cookie in results', () => {
  const two = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']

  it('v1: multiValueHeaders["set-cookie"], each cookie whole', async () => {
    const result = (await toLambdaHandler(cookies(...two))(
      fixture('apigw-request.json'),
    )) as ApiGatewayV1Result
    expect(result.multiValueHeaders).toEqual({ 'set-cookie': two })
    expect(result.headers).toEqual({
      'content-type': 'text/plain;charset=UTF-8',
      vary: 'accept, cookie',
    })
  })

  it('v1: no cookies, no multiValueHeaders', async () => {
    const result = await toLambdaHandler(cookies())(fixture('apigw-request.json'))
    expect(result).not.toHaveProperty('multiValueHeaders')
  })

  it('v2: the cookies array, no set-cookie header', async () => {
    const result = (await toLambdaHandler(cookies(...two))(
      fixture('sam/HttpApi.json'),
    )) as ApiGatewayV2Result
    expect(result.cookies).toEqual(two)
    expect(Object.keys(result.headers ?? {})).toEqual(['content-type', 'vary'])
  })

  it('ALB multi-value: multiValueHeaders, no headers', async () => {
    const result = (await toLambdaHandler(cookies(...two))(
      fixture('alb-lambda-target-request-multivalue-headers.json'),
    )) as AlbResult
    expect(result.multiValueHeaders).toEqual({
      'content-type': ['text/plain;charset=UTF-8'],
      vary: ['accept, cookie'],
      'set-cookie': two,
    })
    expect(result).not.toHaveProperty('headers')
  })

  it('ALB single-value: each cookie under a differently cased name', async () => {
    const four = ['a=1', 'b=2', 'c=3', 'd=4']
    const result = (await toLambdaHandler(cookies(...four))(
      fixture('alb-lambda-target-request-headers-only.json'),
    )) as AlbResult
    expect(result).not.toHaveProperty('multiValueHeaders')
    const names = Object.keys(result.headers!).filter(
      (k) => k.toLowerCase() === 'set-cookie',
    )
    expect(names).toEqual(['set-cookie', 'Set-cookie', 'sEt-cookie', 'SEt-cookie'])
    expect(names.map((name) => result.headers![name])).toEqual(four)
  })

  it('ALB: statusDescription is the code and reason phrase', async () => {
    const teapot = toLambdaHandler(() =>
      Promise.resolve(new Response(null, { status: 418 })),
    )
    const result = (await teapot(fixture('java/elb_event.json'))) as AlbResult
    expect(result.statusDescription).toBe("418 I'm a teapot")
    const odd = toLambdaHandler(() =>
      Promise.resolve(new Response(null, { status: 599 })),
    )
    expect(
      ((await odd(fixture('java/elb_event.json'))) as AlbResult).statusDescription,
    ).toBe('599')
  })
})
