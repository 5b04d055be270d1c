/** koa-ratelimit under fromKoa, memory driver: limits by ctx.ip (README). */
import ratelimit from 'koa-ratelimit'
import { describe, expect, it } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()

describe('koa-ratelimit', () => {
  it('counts requests per ctx.ip (the socket address) in its headers, then answers 429', async () => {
    const ids: string[] = []
    const url = await serve([
      fromKoa(
        ratelimit({
          driver: 'memory',
          db: new Map(),
          duration: 60_000,
          max: 2,
          id: (ctx) => {
            ids.push(ctx.ip)
            return ctx.ip
          },
        }),
      ),
    ])
    const first = await go(url)
    expect(first.headers.get('x-ratelimit-limit')).toBe('2')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(await first.text()).toBe('from the view')
    await go(url)
    const third = await go(url)
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await third.text()).toMatch(/^Rate limit exceeded, retry in/)
    expect(ids[0]).toMatch(/127\.0\.0\.1$/)
  })

  it('custom header names and a whitelist', async () => {
    const url = await serve([
      fromKoa(
        ratelimit({
          driver: 'memory',
          db: new Map(),
          max: 1,
          whitelist: (ctx) => ctx.get('x-internal') === 'yes',
          headers: { remaining: 'x-left', reset: 'x-reset', total: 'x-total' },
        }),
      ),
    ])
    const first = await go(url)
    expect(first.headers.get('x-total')).toBe('1')
    expect(first.headers.get('x-left')).toBe('0')
    expect((await go(url)).status).toBe(429)
    expect((await go(url, { headers: { 'x-internal': 'yes' } })).status).toBe(200)
  })
})
