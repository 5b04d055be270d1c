/**
 * @middy/http-response-serializer through fromMiddy: the body serialized for the
 * default content type, the preferred media types in `request.context` (what
 * @middy/http-content-negotiation sets) chosen first, and a response with its own
 * Content-Type left alone; on Node and under the Lambda adapter.
 */
import httpResponseSerializer from '@middy/http-response-serializer'
import { describe, expect, it } from 'vitest'
import { fromMiddy, type MiddyMiddleware } from 'shallot/middy'
import { lambda, nodeStack, resultHeaders, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const serializer = () =>
  httpResponseSerializer({
    serializers: [
      {
        regex: /^application\/json$/,
        serializer: ({ body }: { body: string }) => JSON.stringify({ message: body }),
      },
      {
        regex: /^text\/plain$/,
        serializer: ({ body }: { body: string }) => `message: ${body}`,
      },
    ],
    defaultContentType: 'application/json',
  })
/** A view that answers bytes without a Content-Type, as a Middy handler's body. */
const bare = () => new Response(new TextEncoder().encode('hello'))

describe('@middy/http-response-serializer through fromMiddy', () => {
  it('serializes a body without Content-Type for the default content type', async () => {
    const fetch = await serve([fromMiddy(serializer())], bare)
    const response = await fetch('/')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ message: 'hello' })
  })

  it('uses the preferred media types a before hook puts in request.context', async () => {
    const negotiate: MiddyMiddleware = {
      before: (request) => {
        Object.assign(request.context, { preferredMediaTypes: ['text/plain'] })
      },
    }
    const fetch = await serve([fromMiddy(negotiate, serializer())], bare)
    const response = await fetch('/')
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(await response.text()).toBe('message: hello')
  })

  it('leaves a response that has a Content-Type alone', async () => {
    const fetch = await serve([fromMiddy(serializer())], () => new Response('as is'))
    const response = await fetch('/')
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8')
    expect(await response.text()).toBe('as is')
  })

  it('serializes the results for the real API Gateway v1 and v2 events', async () => {
    const handler = lambda([fromMiddy(serializer())], bare)
    for (const event of [v1Event(), v2Event()]) {
      const result = await handler(event)
      expect([result.statusCode, result.body]).toEqual([200, '{"message":"hello"}'])
      expect(resultHeaders(result)['content-type']).toBe('application/json')
    }
  })
})
