/** koa-helmet under fromKoa: its security headers on the view's response (README). */
import helmet from 'koa-helmet'
import { describe, expect, it } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()

describe('koa-helmet', () => {
  it("helmet() sets helmet's default headers on the view's response", async () => {
    const url = await serve([fromKoa(helmet())])
    const response = await go(url)
    expect(await response.text()).toBe('from the view')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=/)
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    )
  })

  it('a single middleware takes its options (contentSecurityPolicy directives)', async () => {
    const url = await serve([
      fromKoa(
        helmet.contentSecurityPolicy({
          directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] },
        }),
      ),
    ])
    const response = await go(url)
    const policy = response.headers.get('content-security-policy')
    expect(policy).toContain("img-src 'self' data:")
    expect(response.headers.has('x-frame-options')).toBe(false)
  })
})
