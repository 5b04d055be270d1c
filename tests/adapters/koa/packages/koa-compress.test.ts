/** koa-compress under fromKoa: compresses the view's streamed body above the threshold (README). */
import compress from 'koa-compress'
import { describe, expect, it } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()
const big = 'onion '.repeat(2000)

describe('koa-compress', () => {
  it("gzips the view's body when the client accepts gzip", async () => {
    const url = await serve(
      [fromKoa(compress({ threshold: 1024 }))],
      () => new Response(big, { headers: { 'content-type': 'text/plain' } }),
    )
    const response = await go(url, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('vary')).toBe('Accept-Encoding')
    // fetch decompresses: the client reads the view's text.
    expect(await response.text()).toBe(big)
  })

  it('a body shorter than the threshold (its Content-Length says so) is sent as it is', async () => {
    const url = await serve(
      [fromKoa(compress({ threshold: 1024 }))],
      () =>
        new Response('short', {
          headers: { 'content-type': 'text/plain', 'content-length': '5' },
        }),
    )
    const response = await go(url, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.has('content-encoding')).toBe(false)
    expect(await response.text()).toBe('short')
  })

  it('a type the filter refuses, or a client without gzip, is not compressed', async () => {
    const url = await serve(
      [fromKoa(compress({ threshold: 0 }))],
      () => new Response(big, { headers: { 'content-type': 'image/png' } }),
    )
    const png = await go(url, { headers: { 'accept-encoding': 'gzip' } })
    expect(png.headers.has('content-encoding')).toBe(false)
    expect(await png.text()).toBe(big)
  })
})
