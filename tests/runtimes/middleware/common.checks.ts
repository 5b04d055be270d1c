/** `common()` over real HTTP (Django CommonMiddleware, ST6). */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

export const commonChecks: MiddlewareChecks = (url) => {
  it('common: a slashless 404 whose slashed path exists is a 301 (APPEND_SLASH)', async () => {
    const response = await fetch(url('/common/page?q=1'), { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/common/page/?q=1')
  })

  it('common: a POST keeps its 404 (no redirect that would lose the body)', async () => {
    const response = await fetch(url('/common/page'), {
      method: 'POST',
      body: 'data',
      redirect: 'manual',
    })
    expect(response.status).toBe(404)
  })

  it('common: a 404 with no slashed page stays a 404', async () => {
    const response = await fetch(url('/common/missing'), { redirect: 'manual' })
    expect(response.status).toBe(404)
  })

  it('common: a complete body goes out with its Content-Length', async () => {
    const response = await fetch(url('/common/page/'))
    expect(response.headers.get('content-length')).toBe('6')
    expect(await response.text()).toBe('a page')
  })

  it('common: a body still being produced streams whole, without Content-Length (ST6)', async () => {
    const response = await fetch(url('/common/stream'))
    expect(response.headers.has('content-length')).toBe(false)
    expect(await response.text()).toBe('chunk1;chunk2;chunk3;')
  })
}
