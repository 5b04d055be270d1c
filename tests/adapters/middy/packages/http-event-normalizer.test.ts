/**
 * @middy/http-event-normalizer through fromMiddy: `queryStringParameters`,
 * `pathParameters` (and v1's `multiValueQueryStringParameters`) are objects even when
 * the request has none; read by the view with middyEvent; on Node and under the
 * Lambda adapter.
 */
import httpEventNormalizer from '@middy/http-event-normalizer'
import { describe, expect, it } from 'vitest'
import { fromMiddy, middyEvent } from 'shallot/middy'
import { lambda, nodeStack, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const parameters = (request: Request) => {
  const event = middyEvent(request) as Record<string, unknown> | undefined
  return Response.json({
    query: event?.['queryStringParameters'],
    path: event?.['pathParameters'],
    multi: event?.['multiValueQueryStringParameters'],
  })
}

describe('@middy/http-event-normalizer through fromMiddy', () => {
  it('gives a request without a query empty queryStringParameters and pathParameters', async () => {
    const fetch = await serve([fromMiddy(httpEventNormalizer())], parameters)
    expect(await (await fetch('/items')).json()).toEqual({ query: {}, path: {} })
  })

  it('keeps the decoded query parameters, repeated ones joined with commas', async () => {
    const fetch = await serve([fromMiddy(httpEventNormalizer())], parameters)
    const response = await fetch('/items?tag=a%20b&tag=c&q=%C3%A9')
    expect(await response.json()).toEqual({ query: { tag: 'a b,c', q: 'é' }, path: {} })
  })

  it('fills the missing maps of the real API Gateway v1 and v2 events', async () => {
    const handler = lambda([fromMiddy(httpEventNormalizer())], parameters)
    const v1 = {
      ...v1Event(),
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
    }
    expect(JSON.parse((await handler(v1)).body)).toEqual({
      query: {},
      path: {},
      multi: {},
    })
    const kept = JSON.parse((await handler(v1Event())).body) as { query: unknown }
    expect(kept.query).toEqual({ name: 'me' })
    expect(JSON.parse((await handler(v2Event())).body)).toEqual({ query: {}, path: {} })
  })
})
