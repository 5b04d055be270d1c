/**
 * @middy/http-header-normalizer through fromMiddy: the event's header names lower-case
 * (or canonical), multi-value headers too, and default headers for the missing ones;
 * read by the view with middyEvent; on Node and under the Lambda adapter.
 */
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import { describe, expect, it } from 'vitest'
import { fromMiddy, middyEvent } from 'shallot/middy'
import { lambda, nodeStack, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const eventHeaders = (request: Request) => {
  const event = middyEvent(request)
  const multi =
    event && 'multiValueHeaders' in event ? event.multiValueHeaders : undefined
  return Response.json({ headers: event?.headers, multi })
}

describe('@middy/http-header-normalizer through fromMiddy', () => {
  it('writes the names canonically with canonical: true, keeping its exceptions', async () => {
    const fetch = await serve(
      [fromMiddy(httpHeaderNormalizer({ canonical: true }))],
      eventHeaders,
    )
    const response = await fetch('/', { headers: { 'x-trace-id': '7', dnt: '1' } })
    const { headers } = (await response.json()) as { headers: Record<string, string> }
    expect(headers['X-Trace-Id']).toBe('7')
    expect(headers['DNT']).toBe('1')
    expect(headers['x-trace-id']).toBeUndefined()
  })

  it('adds default headers the request lacks, and keeps the ones it has', async () => {
    const fetch = await serve(
      [
        fromMiddy(
          httpHeaderNormalizer({
            defaultHeaders: { 'X-Region': 'eu', 'X-Tenant': 'a' },
          }),
        ),
      ],
      eventHeaders,
    )
    const response = await fetch('/', { headers: { 'x-tenant': 'b' } })
    const { headers } = (await response.json()) as { headers: Record<string, string> }
    expect([headers['x-region'], headers['x-tenant']]).toEqual(['eu', 'b'])
  })

  it('lower-cases the real API Gateway v1 event’s headers and multi-value headers', async () => {
    const handler = lambda([fromMiddy(httpHeaderNormalizer())], eventHeaders)
    const one = JSON.parse((await handler(v1Event())).body) as {
      headers: Record<string, string>
      multi: Record<string, string[]>
    }
    expect(one.headers['content-type']).toBe('application/json')
    expect(one.headers['Content-Type']).toBeUndefined()
    expect(one.multi['user-agent']).toEqual(['PostmanRuntime/2.4.5'])
    const two = JSON.parse((await handler(v2Event())).body) as {
      headers: Record<string, string>
    }
    expect(two.headers['user-agent']).toBe('curl/7.58.0')
  })
})
