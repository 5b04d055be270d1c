/** `timeout(100)` over real HTTP: 503 past the deadline, the view's signal aborted. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

export const timeoutChecks: MiddlewareChecks = (url) => {
  it('timeout: a view past the deadline gets a 503 and its timeoutSignal aborts (RFC 9110 §15.6.4)', async () => {
    const id = Math.random().toString(36).slice(2)
    const response = await fetch(url(`/timeout/slow/${id}`))
    expect(response.status).toBe(503)
    expect((await response.text()).trim()).toBe('503 Service Unavailable')
    expect(await (await fetch(url(`/timeout/aborted/${id}`))).text()).toBe(
      'TimeoutError',
    )
  })

  it('timeout: a fast view answers; a body streaming past the deadline is not cut', async () => {
    expect(await (await fetch(url('/timeout/fast'))).text()).toBe('fast')
    const stream = await fetch(url('/timeout/stream'))
    expect(stream.status).toBe(200)
    expect(await stream.text()).toBe('abc')
  })
}
