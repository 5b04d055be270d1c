/**
 * @middy/http-cors through fromMiddy: the CORS headers it documents, on Node and under
 * the Lambda adapter with real API Gateway events.
 */
import httpCors from '@middy/http-cors'
import httpErrorHandler from '@middy/http-error-handler'
import { describe, expect, it } from 'vitest'
import { fromMiddy } from 'shallot/middy'
import { lambda, nodeStack, resultHeaders, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const ok = () => new Response('ok')

describe('@middy/http-cors through fromMiddy', () => {
  it('answers an allowed origin with Access-Control-Allow-Origin and Vary: Origin', async () => {
    const cors = fromMiddy(
      httpCors({ origins: ['https://a.example', 'https://b.example'] }),
    )
    const fetch = await serve([cors], ok)
    const allowed = await fetch('/', { headers: { origin: 'https://b.example' } })
    expect(await allowed.text()).toBe('ok')
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://b.example')
    expect(allowed.headers.get('vary')).toBe('Origin')
    const other = await fetch('/', { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('adds credentials, methods, headers, exposed headers and max age as configured', async () => {
    const cors = fromMiddy(
      httpCors({
        origin: 'https://a.example',
        credentials: true,
        methods: 'GET,PUT',
        headers: 'x-token',
        exposeHeaders: 'x-total',
        maxAge: 600,
      }),
    )
    const fetch = await serve([cors], ok)
    const response = await fetch('/', { headers: { origin: 'https://a.example' } })
    expect({
      origin: response.headers.get('access-control-allow-origin'),
      credentials: response.headers.get('access-control-allow-credentials'),
      methods: response.headers.get('access-control-allow-methods'),
      headers: response.headers.get('access-control-allow-headers'),
      expose: response.headers.get('access-control-expose-headers'),
      maxAge: response.headers.get('access-control-max-age'),
    }).toEqual({
      origin: 'https://a.example',
      credentials: 'true',
      methods: 'GET,PUT',
      headers: 'x-token',
      expose: 'x-total',
      maxAge: '600',
    })
  })

  it('answers a preflight itself with 204 when disableBeforePreflightResponse is false', async () => {
    let viewed = false
    const cors = fromMiddy(
      httpCors({
        origin: 'https://a.example',
        disableBeforePreflightResponse: false,
        cacheControl: 'max-age=300',
      }),
    )
    const fetch = await serve([cors], () => {
      viewed = true
      return new Response('view')
    })
    const response = await fetch('/', {
      method: 'OPTIONS',
      headers: { origin: 'https://a.example' },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(
      'https://a.example',
    )
    expect(response.headers.get('cache-control')).toBe('max-age=300')
    expect(viewed).toBe(false)
  })

  it('keeps its headers on the error response of http-error-handler (onError)', async () => {
    const stack = fromMiddy(
      httpCors({ origin: '*' }),
      httpErrorHandler({ logger: false }),
    )
    const fetch = await serve([stack], () => {
      throw new Error('view failed')
    })
    const response = await fetch('/')
    expect(response.status).toBe(500)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('reads the real API Gateway v1 and v2 events under toLambdaHandler', async () => {
    const handler = lambda(
      [fromMiddy(httpCors({ origins: ['https://a.example'] }))],
      ok,
    )
    const v1 = v1Event()
    const one = await handler({
      ...v1,
      headers: { ...v1.headers, Origin: 'https://a.example' },
      multiValueHeaders: { ...v1.multiValueHeaders, Origin: ['https://a.example'] },
    })
    expect(one.statusCode).toBe(200)
    expect(resultHeaders(one)['access-control-allow-origin']).toBe('https://a.example')
    const v2 = v2Event()
    const two = await handler({
      ...v2,
      headers: { ...v2.headers, origin: 'https://a.example' },
    })
    expect([two.statusCode, two.body]).toEqual([200, 'ok'])
    expect(resultHeaders(two)['access-control-allow-origin']).toBe('https://a.example')
  })
})
