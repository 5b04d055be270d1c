/** `requestId` over real HTTP: accepted, generated (crypto.randomUUID), rejected, echoed. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export const requestIdChecks: MiddlewareChecks = (url) => {
  it('requestId: a safe incoming x-request-id is provided to the view and echoed', async () => {
    const response = await fetch(url('/request-id/'), {
      headers: { 'x-request-id': 'edge-42.a:b' },
    })
    expect(await response.text()).toBe('id edge-42.a:b')
    expect(response.headers.get('x-request-id')).toBe('edge-42.a:b')
  })

  it('requestId: without one, a UUID is generated, the same in the view and the header', async () => {
    const response = await fetch(url('/request-id/'))
    const id = response.headers.get('x-request-id')
    expect(id).toMatch(UUID)
    expect(await response.text()).toBe(`id ${id}`)
  })

  it('requestId: an unsafe incoming id is replaced, never echoed', async () => {
    const response = await fetch(url('/request-id/'), {
      headers: { 'x-request-id': '<img src=x onerror=alert(1)>' },
    })
    expect(response.headers.get('x-request-id')).toMatch(UUID)
    expect(await response.text()).not.toContain('<img')
  })

  it('requestId: a redirect (immutable headers) is copied and carries the id', async () => {
    const response = await fetch(url('/request-id/redirect'), {
      redirect: 'manual',
      headers: { 'x-request-id': 'r-1' },
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('http://127.0.0.1/next')
    expect(response.headers.get('x-request-id')).toBe('r-1')
  })
}
