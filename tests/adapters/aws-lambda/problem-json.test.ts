/**
 * Error answers in the format the event's Accept header prefers, through the Lambda
 * handlers: the stack's conversions, and the adapter's own answers (a malformed event's
 * 400, a handler's failure 500, a body that fails while read), with real API Gateway
 * fixtures.
 */
import { createHandler, NotFound } from 'shallot'
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type ApiGatewayV2Event,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaLogger, memoryStream } from './doubles.js'
import { fixture } from './fixture-events.js'

/** The v2 fixture, asking for JSON (API Gateway lowercases header names in v2). */
const v2 = (accept: string): LambdaEvent => {
  const event = fixture<ApiGatewayV2Event>('apigw-v2-request-iam.json')
  return { ...event, headers: { ...event.headers, accept } }
}

const problem = (status: number, title: string) =>
  JSON.stringify({ type: 'about:blank', title, status })

const stack = createHandler({
  middleware: [],
  view: () => {
    throw new NotFound('no such user')
  },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
})

describe('toLambdaHandler: error answers by Accept', () => {
  it('the stack’s 404 is a problem for a client that prefers JSON, text otherwise', async () => {
    const { logger } = lambdaLogger()
    const handler = toLambdaHandler(stack, { logger })
    const asJson = await handler(v2('application/json'))
    expect(asJson).toMatchObject({ statusCode: 404, body: problem(404, 'Not Found') })
    expect(asJson.headers).toMatchObject({ 'content-type': 'application/problem+json' })
    expect(await handler(v2('text/html,*/*;q=0.8'))).toMatchObject({
      statusCode: 404,
      body: '404 Not Found\n',
    })
  })

  it('the adapter’s 500s: a handler that rejects, one that answers no Response, a body that fails', async () => {
    const { logger } = lambdaLogger()
    const failing = new ReadableStream({
      pull(controller) {
        controller.error(new Error('disk gone'))
      },
    })
    for (const handler of [
      () => Promise.reject(new Error('x')),
      () => Promise.resolve('not a response' as unknown as Response),
      () => Promise.resolve(new Response(failing)),
    ]) {
      const result = await toLambdaHandler(handler, { logger })(v2('application/json'))
      expect(result).toMatchObject({
        statusCode: 500,
        body: problem(500, 'Internal Server Error'),
      })
    }
  })

  it.each([
    ['headers', { headers: { Accept: 'application/json' } }, true],
    [
      'multiValueHeaders',
      { multiValueHeaders: { ACCEPT: ['text/plain;q=0.1', 'application/json'] } },
      true,
    ],
    ['no headers', { headers: 'nonsense' }, false],
    ['a null event', null, false],
  ])('a malformed event’s 400 reads Accept from its %s', async (_, event, json) => {
    const { logger } = lambdaLogger()
    const result = await toLambdaHandler(stack, { logger })(
      event as unknown as LambdaEvent,
    )
    expect(result).toMatchObject({
      statusCode: 400,
      body: json ? problem(400, 'Bad Request') : '400 Bad Request\n',
    })
  })
})

describe('toStreamingLambdaHandler: a malformed event’s 400 by Accept', () => {
  it('a problem for a client that prefers JSON', async () => {
    const { logger } = lambdaLogger()
    const { stream, read } = memoryStream()
    await toStreamingLambdaHandler(stack, { logger })(
      { headers: { accept: 'application/json' } } as unknown as LambdaEvent,
      stream,
    )
    const { prelude, body } = read()
    expect(prelude).toMatchObject({ statusCode: 400 })
    expect(body.toString()).toBe(problem(400, 'Bad Request'))
  })
})
