/** koa-bodyparser under fromKoa: ctx.request.body from the raw request stream (README). */
import bodyParser from 'koa-bodyparser'
import { describe, expect, it } from 'vitest'
import { fromKoa, type KoaMiddleware } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()
const echo: KoaMiddleware = (ctx) => {
  ctx.body = { body: ctx.request.body, raw: ctx.request.rawBody }
}

describe('koa-bodyparser', () => {
  it('parses a JSON body into ctx.request.body, the text in ctx.request.rawBody', async () => {
    const url = await serve([fromKoa(bodyParser(), echo)])
    const response = await go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"shallot"}',
    })
    expect(await response.json()).toEqual({
      body: { name: 'shallot' },
      raw: '{"name":"shallot"}',
    })
  })

  it('parses a form body', async () => {
    const url = await serve([fromKoa(bodyParser(), echo)])
    const response = await go(url, {
      method: 'POST',
      body: new URLSearchParams({ a: '1', b: 'two' }),
    })
    expect(((await response.json()) as { body: unknown }).body).toEqual({
      a: '1',
      b: 'two',
    })
  })

  it('a JSON body over jsonLimit is a 413', async () => {
    const url = await serve([fromKoa(bodyParser({ jsonLimit: '10b' }), echo)])
    const response = await go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ long: 'x'.repeat(100) }),
    })
    expect(response.status).toBe(413)
  })
})
