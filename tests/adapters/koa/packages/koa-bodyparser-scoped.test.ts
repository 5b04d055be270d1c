/** @koa/bodyparser under fromKoa: ctx.request.body from the raw request stream (README). */
import { bodyParser } from '@koa/bodyparser'
import { describe, expect, it } from 'vitest'
import { fromKoa, type KoaMiddleware } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()
const echo: KoaMiddleware = (ctx) => {
  ctx.body = { body: ctx.request.body, raw: ctx.request.rawBody }
}

describe('@koa/bodyparser', () => {
  it('parses a JSON body into ctx.request.body and ctx.request.rawBody', async () => {
    const url = await serve([fromKoa(bodyParser(), echo)])
    const response = await go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2,3]',
    })
    expect(await response.json()).toEqual({ body: [1, 2, 3], raw: '[1,2,3]' })
  })

  it('parses a form body', async () => {
    const url = await serve([fromKoa(bodyParser(), echo)])
    const response = await go(url, {
      method: 'POST',
      body: new URLSearchParams('q=onion'),
    })
    expect(((await response.json()) as { body: unknown }).body).toEqual({ q: 'onion' })
  })

  it('invalid JSON is a 400 (its onError unset)', async () => {
    const url = await serve([fromKoa(bodyParser(), echo)])
    const response = await go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated',
    })
    expect(response.status).toBe(400)
  })
})
