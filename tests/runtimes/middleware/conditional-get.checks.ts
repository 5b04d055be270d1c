/** `conditionalGet` over real HTTP: RFC 9110 §13 with Django's ConditionalGetMiddleware (ST5). */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

export const conditionalGetChecks: MiddlewareChecks = (url) => {
  it('conditionalGet: a generated ETag, then a 304 with no body (RFC 9110 §13.1.2)', async () => {
    const first = await fetch(url('/conditional-get/text'))
    expect(await first.text()).toBe('hello, conditional world')
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/)
    const again = await fetch(url('/conditional-get/text'), {
      headers: { 'if-none-match': etag! },
    })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe('')
  })

  it('conditionalGet: If-Modified-Since gives a 304, a failed If-Match a 412 (RFC 9110 §13.1.3, §13.1.1)', async () => {
    const dated = url('/conditional-get/dated')
    const since = 'Fri, 01 Mar 2024 00:00:00 GMT'
    const notModified = await fetch(dated, { headers: { 'if-modified-since': since } })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('last-modified')).toBe(
      'Thu, 01 Feb 2024 00:00:00 GMT',
    )
    const failed = await fetch(dated, { headers: { 'if-match': '"d0"' } })
    expect(failed.status).toBe(412)
  })

  it('conditionalGet: a body longer than maxBodyBytes streams whole, without ETag (ST5)', async () => {
    const response = await fetch(url('/conditional-get/stream'))
    expect(response.headers.has('etag')).toBe(false)
    expect(await response.text()).toBe('x'.repeat(3000))
  })

  it('conditionalGet: validators turn a stale PUT into a 412 before the view', async () => {
    const stale = await fetch(url('/conditional-get/doc'), {
      method: 'PUT',
      headers: { 'if-match': '"doc-6"' },
    })
    expect(stale.status).toBe(412)
    const fresh = await fetch(url('/conditional-get/doc'), {
      method: 'PUT',
      headers: { 'if-match': '"doc-7"' },
    })
    expect(await fresh.text()).toBe('PUT done')
  })
}
