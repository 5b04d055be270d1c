/** koa-conditional-get with koa-etag under fromKoa: ETag and 304 (their READMEs). */
import conditional from 'koa-conditional-get'
import koaEtag from 'koa-etag'
import { describe, expect, it, vi } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()

/** koa-etag's `etag()`, without the notice it prints that it will move to @koa/etag. */
function etag(): ReturnType<typeof koaEtag> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    return koaEtag()
  } finally {
    warn.mockRestore()
  }
}
/**
 * fetch adds `cache-control: no-cache` to a request with If-None-Match unless it has a
 * Cache-Control, and `fresh` (Koa's and Express's) answers no-cache requests in full.
 */
const revalidate = (tag: string) => ({
  headers: { 'if-none-match': tag, 'cache-control': 'max-age=0' },
})

describe('koa-conditional-get with koa-etag', () => {
  it('etag() sets an ETag for a body set in Koa; a request with it gets a 304 without body', async () => {
    const url = await serve([
      fromKoa(conditional(), etag(), (ctx) => {
        ctx.body = 'hello, conditional world'
      }),
    ])
    const first = await go(url)
    const tag = first.headers.get('etag')
    expect(tag).toMatch(/^"/)
    expect(await first.text()).toBe('hello, conditional world')
    const second = await go(url, revalidate(tag!))
    expect(second.status).toBe(304)
    expect(await second.text()).toBe('')
  })

  it("conditional() answers 304 from the view's own ETag (ctx.fresh)", async () => {
    const url = await serve(
      [fromKoa(conditional())],
      () => new Response('view', { headers: { etag: '"v1"' } }),
    )
    expect((await go(url, revalidate('"v1"'))).status).toBe(304)
    const changed = await go(url, revalidate('"v0"'))
    expect(changed.status).toBe(200)
    expect(await changed.text()).toBe('view')
  })
})
