/**
 * The Lambda result shape on both sides of fromMiddy's `after` hooks: the inner
 * layers' Response becomes the result of the event's integration, and whatever result
 * the hooks leave becomes the layer's Response, read as API Gateway reads one.
 */
import { describe, expect, it } from 'vitest'
import { createHandler } from 'shallot'
import { toLambdaHandler, type LambdaEvent } from 'shallot/aws-lambda'
import { fromMiddy, type MiddyResult } from 'shallot/middy'
import { fromResult } from '../../../adapters/middy/result.js'
import { fixture } from '../aws-lambda/fixture-events.js'
import { quiet } from '../node/support.js'
import { awsFixture, v1Event, v2Event } from './support.js'

/** What the after hooks saw of the view's response, for `event` under Lambda. */
async function seenUnderLambda(event: LambdaEvent, view: () => Response) {
  let seen: MiddyResult | undefined
  const handler = toLambdaHandler(
    createHandler({
      middleware: [fromMiddy({ after: (request) => void (seen = request.response) })],
      view,
      logger: quiet,
    }),
  )
  const result = await handler(event)
  return { seen: seen!, result }
}

const withCookies = () => {
  const headers = new Headers({ 'content-type': 'text/plain', 'x-a': '1' })
  headers.append('set-cookie', 'a=1')
  headers.append('set-cookie', 'b=2')
  return new Response('hi', { status: 201, headers })
}

describe('the result the after hooks see', () => {
  it('has the shape of the event’s integration: cookies for v2, multiValueHeaders for v1, statusDescription for ALB', async () => {
    const v2 = await seenUnderLambda(v2Event(), withCookies)
    expect(v2.seen).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-a': '1' },
      cookies: ['a=1', 'b=2'],
      body: 'hi',
      isBase64Encoded: false,
    })
    const v1 = await seenUnderLambda(v1Event(), withCookies)
    expect(v1.seen).toMatchObject({
      statusCode: 201,
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: 'hi',
    })
    const alb = await seenUnderLambda(
      awsFixture('alb-lambda-target-request-multivalue-headers.json'),
      withCookies,
    )
    expect(alb.seen).toMatchObject({
      statusCode: 201,
      statusDescription: '201 Created',
    })
    expect(alb.result).toMatchObject({
      statusCode: 201,
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'x-a': ['1'] },
      body: 'hi',
    })
    const single = await seenUnderLambda(
      awsFixture('alb-lambda-target-request-headers-only.json'),
      withCookies,
    )
    expect(single.result.headers).toMatchObject({
      'set-cookie': 'a=1',
      'Set-cookie': 'b=2',
    })
  })

  it('holds a body that is not UTF-8 as base64, and gives the same bytes back', async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x80])
    const { seen, result } = await seenUnderLambda(
      fixture('apigw-v2-request-no-authorizer.json'),
      () =>
        new Response(bytes, {
          headers: { 'content-type': 'application/octet-stream' },
        }),
    )
    expect([seen.body, seen.isBase64Encoded]).toEqual(['/wCA', true])
    expect([result.body, result.isBase64Encoded]).toEqual(['/wCA', true])
  })
})

describe('the Response a result becomes', () => {
  const respond = (result: Record<string, unknown>) => fromResult(result)

  it('takes multiValueHeaders over headers for the same name, cookies as Set-Cookie, numbers as text', async () => {
    const response = respond({
      statusCode: 202,
      headers: { 'X-One': 1, 'x-two': true, 'X-Same': 'single', 'x-gone': undefined },
      multiValueHeaders: { 'x-same': ['m1', 'm2'] },
      cookies: ['a=1', 'b=2'],
      body: 'text',
    })
    expect(response.status).toBe(202)
    expect([...response.headers]).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['x-one', '1'],
      ['x-same', 'm1, m2'],
      ['x-two', 'true'],
    ])
    // No Content-Type the result does not set.
    expect(await response.text()).toBe('text')
  })

  it('decodes a base64 body, and has none for a missing, empty or null body or a 204/304', async () => {
    expect(
      await respond({ statusCode: 200, body: 'aGk=', isBase64Encoded: true }).text(),
    ).toBe('hi')
    for (const body of [undefined, null, '']) {
      expect(respond({ statusCode: 200, body }).body).toBeNull()
    }
    expect(respond({ statusCode: 204, body: 'dropped' }).body).toBeNull()
    expect(
      respond({ statusCode: 304, headers: null, multiValueHeaders: null }).status,
    ).toBe(304)
  })

  it('names the field API Gateway would refuse', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ statusCode: '200' }, 'statusCode is a string, not a status from 200 to 599.'],
      [{ statusCode: 600 }, 'statusCode is 600, not a status from 200 to 599.'],
      [{ statusCode: 200.5 }, 'statusCode is 200.5, not a status from 200 to 599.'],
      [{ statusCode: 200, headers: [] }, 'headers is not an object.'],
      [
        { statusCode: 200, headers: { a: {} } },
        'headers.a is an object, not a string.',
      ],
      [
        { statusCode: 200, multiValueHeaders: 'a' },
        'multiValueHeaders is not an object.',
      ],
      [
        { statusCode: 200, multiValueHeaders: { a: 'b' } },
        'multiValueHeaders.a is not an array.',
      ],
      [
        { statusCode: 200, multiValueHeaders: { a: [null] } },
        'multiValueHeaders.a is null, not a string.',
      ],
      [{ statusCode: 200, cookies: 'a=1' }, 'cookies is not an array.'],
      [{ statusCode: 200, cookies: [1n] }, 'cookies[] is a bigint, not a string.'],
      [
        { statusCode: 200, headers: { 'bad name': 'x' } },
        'header "bad name" is not a valid HTTP header.',
      ],
      [
        { statusCode: 200, body: { a: 1 } },
        'body is an object, not a string (serialize it, e.g. with JSON.stringify).',
      ],
      [
        { statusCode: 200, body: '%%%', isBase64Encoded: true },
        'body is marked isBase64Encoded but is not base64.',
      ],
    ]
    for (const [result, message] of cases) {
      expect(() => respond(result)).toThrow(message)
    }
  })
})
