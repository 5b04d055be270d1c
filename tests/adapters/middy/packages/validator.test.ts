/**
 * @middy/validator (with transpileSchema from @middy/validator/transpile) through
 * fromMiddy: a valid event passes, an invalid one is a 400 and an invalid response a
 * 500 (answered by http-error-handler); on Node and under the Lambda adapter.
 */
import httpErrorHandler from '@middy/http-error-handler'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import validator from '@middy/validator'
import { transpileSchema } from '@middy/validator/transpile'
import { describe, expect, it } from 'vitest'
import { fromMiddy, middyEvent } from 'shallot/middy'
import { lambda, nodeStack, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const eventSchema = transpileSchema({
  type: 'object',
  required: ['body'],
  properties: {
    body: {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'integer', minimum: 1 } },
    },
  },
})
const responseSchema = transpileSchema({
  type: 'object',
  required: ['statusCode'],
  properties: { statusCode: { enum: [200] } },
})
const validated = () =>
  fromMiddy(
    httpErrorHandler({ logger: false }),
    httpJsonBodyParser({ disableContentTypeError: true }),
    validator({ eventSchema, responseSchema }),
  )
const view = (request: Request) => {
  const { a } = middyEvent(request)?.body as unknown as { a: number }
  return new Response(`a is ${a}`, { status: a === 2 ? 201 : 200 })
}
const post = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
})

describe('@middy/validator through fromMiddy', () => {
  it('lets a valid event through to the view', async () => {
    const fetch = await serve([validated()], view)
    const response = await fetch('/', post('{"a":1}'))
    expect([response.status, await response.text()]).toEqual([200, 'a is 1'])
  })

  it('answers 400 for an event that fails the schema, before the view runs', async () => {
    let viewed = false
    const fetch = await serve([validated()], (request) => {
      viewed = true
      return view(request)
    })
    const response = await fetch('/', post('{"a":0}'))
    expect([response.status, await response.text()]).toEqual([
      400,
      'Event object failed validation',
    ])
    expect(viewed).toBe(false)
  })

  it('answers 500 for a response that fails the response schema, its message not exposed', async () => {
    const fetch = await serve([validated()], view)
    const response = await fetch('/', post('{"a":2}'))
    expect([response.status, await response.text()]).toEqual([500, ''])
  })

  it('validates the real API Gateway v1 and v2 events', async () => {
    const handler = lambda([validated()], view)
    const one = await handler(v1Event())
    expect([one.statusCode, one.body]).toEqual([200, 'a is 1'])
    const two = await handler(v2Event())
    expect([two.statusCode, two.body]).toEqual([400, 'Event object failed validation'])
  })
})
