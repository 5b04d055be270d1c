/**
 * A malformed event gets a 400 result, in its integration's shape when that is known,
 * and is logged; the handler never throws and never rejects, whatever the event.
 */
import fc from 'fast-check'
import { toLambdaHandler, toStreamingLambdaHandler } from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { allFixtures, fixture, recorder } from './fixture-events.js'

function quiet() {
  const warnings: string[] = []
  const logger = { warn: (message: string) => warnings.push(message), error() {} }
  return { warnings, logger }
}

const anyEvent = (value: unknown) =>
  value as Parameters<ReturnType<typeof toLambdaHandler>>[0]

describe('malformed events: a 400, never a throw', () => {
  it.each([
    ['null', null],
    ['a string', 'GET /'],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['a context without http', { rawPath: '/', requestContext: {} }],
  ])('an unknown event (%s): 400 in the REST shape, logged', async (_, event) => {
    const { warnings, logger } = quiet()
    const { seen, handler } = recorder()
    const result = await toLambdaHandler(handler, { logger })(anyEvent(event))
    expect(result).toEqual({
      statusCode: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '400 Bad Request\n',
      isBase64Encoded: false,
    })
    expect(seen).toEqual([])
    expect(warnings).toEqual([
      'Unrecognised Lambda event: not an API Gateway REST, HTTP API, ALB or Function URL event. Answered 400.',
    ])
  })

  const v2 = fixture<Record<string, unknown>>('sam/HttpApi.json')
  const alb = fixture<Record<string, unknown>>('sam/ALBRequest.json')
  const v1 = fixture<Record<string, unknown>>('sam/AwsProxy.json')

  it.each([
    [v2, { body: '***', isBase64Encoded: true }, 'body is marked base64 but is not'],
    [
      v2,
      { headers: { 'bad header': 'x' } },
      'header "bad header" is not a valid HTTP header',
    ],
    [
      v2,
      { headers: { 'x-a': 'line\nbreak' } },
      'header "x-a" is not a valid HTTP header',
    ],
    [v2, { headers: { 'x-a': 1 } }, 'headers.x-a is not a string'],
    [v2, { headers: 'x' }, 'headers is not an object'],
    [v2, { cookies: 'a=1' }, 'cookies is not an array of strings'],
    [v2, { rawQueryString: 5 }, 'rawQueryString is not a string'],
    [v2, { rawPath: 5, requestContext: { http: { method: 'GET' } } }, 'no path'],
    [v2, { requestContext: { http: { method: '' } } }, 'no HTTP method'],
    [v1, { httpMethod: 'TRACE' }, 'Request refused it'],
    [v1, { httpMethod: 'GET X' }, 'Request refused it'],
    [v1, { multiValueHeaders: { a: 'b' } }, 'multiValueHeaders.a is not an array'],
    [v1, { body: 42 }, 'body is not a string'],
    [v1, { path: null }, 'no path'],
    [alb, { body: '%%%', isBase64Encoded: true }, 'body is marked base64 but is not'],
    [alb, { queryStringParameters: [] }, 'queryStringParameters is not an object'],
  ])('%#: %j → 400 (%s)', async (base, patch, reason) => {
    const { warnings, logger } = quiet()
    const result = await toLambdaHandler(recorder().handler, { logger })(
      anyEvent({ ...base, ...patch }),
    )
    expect(result.statusCode).toBe(400)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(reason)
    expect(warnings[0]).toMatch(/^Malformed .* event: .*\. Answered 400\.$/)
  })

  it('a malformed ALB event is answered in the ALB shape', async () => {
    const result = await toLambdaHandler(recorder().handler, {
      logger: quiet().logger,
    })(anyEvent({ ...alb, body: '%%%', isBase64Encoded: true }))
    expect(result).toMatchObject({
      statusCode: 400,
      statusDescription: '400 Bad Request',
    })
  })

  it('a malformed event to the streaming handler gets a 400 prelude', async () => {
    const chunks: Uint8Array[] = []
    const stream = {
      write: (chunk: Uint8Array) => chunks.push(chunk) > 0,
      end: (done?: () => void) => done?.(),
      on: () => stream,
      once: () => stream,
      off: () => stream,
    }
    await toStreamingLambdaHandler(recorder().handler, { logger: quiet().logger })(
      anyEvent(42),
      stream,
    )
    const text = Buffer.concat(chunks).toString()
    expect(JSON.parse(text.slice(0, text.indexOf('\0')))).toMatchObject({
      statusCode: 400,
    })
    expect(text.endsWith('400 Bad Request\n')).toBe(true)
  })
})

describe('property: no event makes the handler throw or reject', () => {
  const handler = toLambdaHandler(
    async (request) => {
      await request.arrayBuffer()
      return new Response('ok', { headers: { 'set-cookie': 'a=1' } })
    },
    { logger: quiet().logger },
  )
  const valid = (result: {
    statusCode: unknown
    body: unknown
    isBase64Encoded: unknown
  }) =>
    typeof result.statusCode === 'number' &&
    typeof result.body === 'string' &&
    typeof result.isBase64Encoded === 'boolean'

  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (event) => {
        expect(valid(await handler(anyEvent(event)))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  const events = allFixtures()
    .filter((name) => !name.includes('response'))
    .map((name) => fixture<Record<string, unknown>>(name))
  const keys = [...new Set(events.flatMap((event) => Object.keys(event)))]

  it('real events with fields replaced by random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...events),
        fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()),
        async (event, patch) => {
          const result = await handler(anyEvent({ ...event, ...patch }))
          expect(valid(result)).toBe(true)
          expect([200, 400]).toContain(result.statusCode)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('real events with random strings in paths, queries and headers', async () => {
    const v2event = fixture<Record<string, unknown>>('sam/HttpApi.json')
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.dictionary(fc.string(), fc.string({ unit: 'binary' })),
        async (rawPath, rawQueryString, headers) => {
          const result = await handler(
            anyEvent({ ...v2event, rawPath, rawQueryString, headers }),
          )
          expect([200, 400]).toContain(result.statusCode)
        },
      ),
      { numRuns: 200 },
    )
  })
})
