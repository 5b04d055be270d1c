/** `securityHeaders()` over real HTTP (Django SecurityMiddleware, XFrameOptionsMiddleware). */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

const secure = { 'x-forwarded-proto': 'https' }

export const securityHeadersChecks: MiddlewareChecks = (url) => {
  it('securityHeaders: sets the default headers and HSTS on a request marked https', async () => {
    const response = await fetch(url('/security-headers/page'), { headers: secure })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=60; includeSubDomains',
    )
    expect(await response.text()).toBe('ok')
  })

  it('securityHeaders: redirects plain http to https with a 301 (SECURE_SSL_REDIRECT)', async () => {
    const response = await fetch(url('/security-headers/page?x=1'), {
      redirect: 'manual',
    })
    expect(response.status).toBe(301)
    const location = new URL(response.headers.get('location')!)
    expect(location.protocol).toBe('https:')
    expect(location.pathname + location.search).toBe('/security-headers/page?x=1')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('securityHeaders: leaves an exempt path on http, without HSTS', async () => {
    const response = await fetch(url('/security-headers/plain'), { redirect: 'manual' })
    expect(response.status).toBe(200)
    expect(response.headers.has('strict-transport-security')).toBe(false)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })

  it('securityHeaders: no X-Frame-Options for an exempted response', async () => {
    const response = await fetch(url('/security-headers/widget'), { headers: secure })
    expect(response.headers.has('x-frame-options')).toBe(false)
    expect(await response.text()).toBe('embed me')
  })
}
