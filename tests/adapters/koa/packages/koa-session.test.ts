/** koa-session under fromKoa: a signed cookie session, with the app's keys (README). */
import Koa from 'koa'
import session from 'koa-session'
import { describe, expect, it } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
const cookieHeader = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ')

/** The view both tests serve: counts the visits this session has made. */
const countViews = (ctx: Koa.Context) => {
  const stored = ctx.session as unknown as { views?: number }
  stored.views = (stored.views ?? 0) + 1
  ctx.body = `views: ${stored.views}`
}

describe('koa-session', () => {
  it('ctx.session persists across requests in signed cookies', async () => {
    const app = new Koa({ keys: ['a secret key'] })
    const url = await serve([
      fromKoa({ app }, session({ key: 'sess' }, app), countViews),
    ])
    const first = await go(url)
    expect(await first.text()).toBe('views: 1')
    const names = first.headers.getSetCookie().map((cookie) => cookie.split('=')[0])
    expect(names).toEqual(['sess', 'sess.sig'])
    const second = await go(url, { headers: { cookie: cookieHeader(first) } })
    expect(await second.text()).toBe('views: 2')
  })

  it('a tampered cookie is refused (signature check): a new session starts', async () => {
    const app = new Koa({ keys: ['a secret key'] })
    const url = await serve([
      fromKoa({ app }, session({ key: 'sess' }, app), countViews),
    ])
    const first = await go(url)
    const forged = cookieHeader(first).replace(
      /sess=[^;]+/,
      `sess=${btoa('{"views":41}')}`,
    )
    expect(await (await go(url, { headers: { cookie: forged } })).text()).toBe(
      'views: 1',
    )
  })

  it('setting ctx.session = null removes the session cookie', async () => {
    const app = new Koa({ keys: ['a secret key'] })
    const url = await serve([
      fromKoa({ app }, session({ key: 'sess' }, app), (ctx) => {
        ctx.session = null
        ctx.body = 'logged out'
      }),
    ])
    const response = await go(url, { headers: { cookie: 'sess=x' } })
    expect(response.headers.getSetCookie()[0]).toMatch(
      /^sess=;.*expires=Thu, 01 Jan 1970/,
    )
  })
})
