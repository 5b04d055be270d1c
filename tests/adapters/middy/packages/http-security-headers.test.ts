/**
 * @middy/http-security-headers through fromMiddy: its default headers on every
 * response, the HTML-only ones on HTML, options that change them, and the headers on
 * an error response (onError); on Node and under the Lambda adapter.
 */
import httpErrorHandler from '@middy/http-error-handler'
import httpSecurityHeaders from '@middy/http-security-headers'
import { describe, expect, it } from 'vitest'
import { fromMiddy } from 'shallot/middy'
import { lambda, nodeStack, resultHeaders, v1Event, v2Event } from '../support.js'

const serve = nodeStack()
const html = () =>
  new Response('<p>hi</p>', { headers: { 'content-type': 'text/html' } })
const json = () => Response.json({ ok: true })

describe('@middy/http-security-headers through fromMiddy', () => {
  it('adds its default headers to every response, the HTML-only ones to HTML only', async () => {
    const fetch = await serve([fromMiddy(httpSecurityHeaders())], (request) =>
      new URL(request.url).pathname === '/page' ? html() : json(),
    )
    const page = await fetch('/page')
    const data = await fetch('/data')
    for (const response of [page, data]) {
      expect(response.headers.get('strict-transport-security')).toBe(
        'max-age=15552000; includeSubDomains; preload',
      )
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(data.headers.get('x-frame-options')).toBeNull()
    expect(data.headers.get('content-security-policy')).toBeNull()
    expect(await page.text()).toBe('<p>hi</p>')
  })

  it('takes options that change a header or leave it out', async () => {
    const fetch = await serve(
      [
        fromMiddy(
          httpSecurityHeaders({
            referrerPolicy: { policy: 'same-origin' },
            strictTransportSecurity: false,
          }),
        ),
      ],
      json,
    )
    const response = await fetch('/')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('strict-transport-security')).toBeNull()
  })

  it('adds its headers to the error response http-error-handler makes', async () => {
    const fetch = await serve(
      [fromMiddy(httpSecurityHeaders(), httpErrorHandler({ logger: false }))],
      () => {
        throw new Error('view failed')
      },
    )
    const response = await fetch('/')
    expect(response.status).toBe(500)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('adds them to the results for the real API Gateway v1 and v2 events', async () => {
    const handler = lambda([fromMiddy(httpSecurityHeaders())], html)
    for (const event of [v1Event(), v2Event()]) {
      const result = await handler(event)
      expect([result.statusCode, result.body]).toEqual([200, '<p>hi</p>'])
      expect(resultHeaders(result)).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-type': 'text/html',
      })
    }
  })
})
