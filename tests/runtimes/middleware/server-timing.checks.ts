/** `serverTiming` over real HTTP: W3C Server Timing §3 syntax, appending, streaming. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

const DUR = '\\d+(?:\\.\\d{1,2})?'

export const serverTimingChecks: MiddlewareChecks = (url) => {
  it("serverTiming: appends app and per-layer metrics to the view's (W3C Server Timing §3)", async () => {
    const response = await fetch(url('/server-timing/'))
    expect(await response.text()).toBe('timed')
    const header = response.headers.get('server-timing') ?? ''
    expect(header).toMatch(
      new RegExp(`^db;dur=1\\.5, app;dur=${DUR};desc="whole stack", auth;dur=${DUR}$`),
    )
    const app = Number(/app;dur=([\d.]+)/.exec(header)![1])
    expect(app).toBeGreaterThanOrEqual(4) // the timed layer waited 5 ms on a timer
  })

  it('serverTiming: a streamed body arrives whole, with the header (ST2)', async () => {
    const response = await fetch(url('/server-timing/stream'))
    expect(response.headers.get('server-timing')).toMatch(
      new RegExp(`^app;dur=${DUR};desc="whole stack", auth;dur=${DUR}$`),
    )
    expect(await response.text()).toBe('one two three')
  })
}
