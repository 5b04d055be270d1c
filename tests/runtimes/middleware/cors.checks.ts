/** `cors` over real HTTP (Fetch §3.2): preflight, actual requests, Vary. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

const APP = 'https://app.example.com'

export const corsChecks: MiddlewareChecks = (url) => {
  it('cors: a preflight is a 204 with methods, allowed headers and max-age (Fetch §3.2.2)', async () => {
    const response = await fetch(url('/cors/items'), {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-token, x-other',
      },
    })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT')
    expect(response.headers.get('access-control-allow-headers')).toBe('x-token')
    expect(response.headers.get('access-control-max-age')).toBe('600')
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers')
  })

  it('cors: an allowed origin reads the response; a disallowed one gets no CORS headers (Fetch §3.2.3)', async () => {
    const allowed = await fetch(url('/cors/items'), { headers: { origin: APP } })
    expect(await allowed.text()).toBe('cors GET')
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP)
    expect(allowed.headers.get('access-control-expose-headers')).toBe('x-total')
    expect(allowed.headers.get('vary')).toBe('Origin')
    const refused = await fetch(url('/cors/items'), {
      headers: { origin: 'https://evil.example.net' },
    })
    expect(refused.status).toBe(200)
    expect(refused.headers.has('access-control-allow-origin')).toBe(false)
    expect(refused.headers.get('vary')).toBe('Origin')
  })

  it('cors: a request without Origin passes, with Vary: Origin for caches', async () => {
    const response = await fetch(url('/cors/items'), { method: 'POST' })
    expect(await response.text()).toBe('cors POST')
    expect(response.headers.has('access-control-allow-origin')).toBe(false)
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('cors: a response with immutable headers (Response.redirect) gets them too', async () => {
    const response = await fetch(url('/cors/redirect'), {
      headers: { origin: APP },
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://app.example.com/next')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })
}
