/**
 * @middy/http-json-body-parser through fromMiddy: the parsed body in `event.body`
 * (read by the view with middyEvent), 415 for other media types and for malformed
 * JSON, base64 bodies decoded; on Node and under the Lambda adapter.
 */
import httpErrorHandler from '@middy/http-error-handler'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import { describe, expect, it } from 'vitest'
import { fromMiddy, middyEvent } from 'shallot/middy'
import { lambda, nodeStack, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const echo = (request: Request) => Response.json({ body: middyEvent(request)?.body })

describe('@middy/http-json-body-parser through fromMiddy', () => {
  it('parses a JSON body (application/json and +json types) into event.body', async () => {
    const fetch = await serve([fromMiddy(httpJsonBodyParser())], echo)
    for (const type of [
      'application/json',
      'application/vnd.api+json; charset=utf-8',
    ]) {
      const response = await fetch('/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{"a":[1,2]}',
      })
      expect([response.status, await response.json()]).toEqual([
        200,
        { body: { a: [1, 2] } },
      ])
    }
  })

  it('answers 415 for another media type, and for malformed JSON (with http-error-handler)', async () => {
    const parser = fromMiddy(httpErrorHandler({ logger: false }), httpJsonBodyParser())
    const fetch = await serve([parser], echo)
    const text = await fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"a":1}',
    })
    expect(text.status).toBe(415)
    const malformed = await fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    })
    expect(malformed.status).toBe(415)
  })

  it('leaves the body alone with disableContentTypeError, and passes the request body on', async () => {
    const fetch = await serve(
      [fromMiddy(httpJsonBodyParser({ disableContentTypeError: true }))],
      async (request) =>
        Response.json({ event: middyEvent(request)?.body, raw: await request.text() }),
    )
    const response = await fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'plain',
    })
    expect(await response.json()).toEqual({ event: 'plain', raw: 'plain' })
  })

  it('parses the bodies of the real API Gateway v1 and v2 events, base64 included', async () => {
    const handler = lambda([fromMiddy(httpJsonBodyParser())], echo)
    const one = await handler(v1Event())
    expect([one.statusCode, JSON.parse(one.body)]).toEqual([200, { body: { a: 1 } }])
    const v2 = v2Event()
    const two = await handler({
      ...v2,
      requestContext: {
        ...v2.requestContext,
        http: { ...v2.requestContext.http, method: 'POST' },
      },
      headers: { ...v2.headers, 'content-type': 'application/json' },
      body: btoa('{"b":true}'),
      isBase64Encoded: true,
    })
    expect([two.statusCode, JSON.parse(two.body)]).toEqual([200, { body: { b: true } }])
  })
})
