/** @koa/router under fromKoa: params, redirect, allowedMethods, fall-through (README). */
import Router from '@koa/router'
import { describe, expect, it } from 'vitest'
import { NotFound } from 'shallot'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()

function routes() {
  const router = new Router()
  router.get('/users/:id', (ctx) => {
    ctx.body = { id: ctx.params.id }
  })
  router.redirect('/old', '/users/1')
  return fromKoa(router.routes(), router.allowedMethods())
}

describe('@koa/router', () => {
  it('a route answers with its params', async () => {
    const url = await serve([routes()])
    const response = await go(new URL('/users/42', url))
    expect(await response.json()).toEqual({ id: '42' })
  })

  it('router.redirect answers 301 with the Location', async () => {
    const url = await serve([routes()])
    const response = await go(new URL('/old', url), { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/users/1')
  })

  it('allowedMethods: a method the path lacks is 405 with Allow, when the view has no answer either', async () => {
    // In Koa nothing downstream answers; here the view is downstream, and 404s.
    const url = await serve([routes()], () => {
      throw new NotFound()
    })
    const response = await go(new URL('/users/42', url), { method: 'DELETE' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('HEAD, GET')
  })

  it('a path no route matches goes on to the view', async () => {
    const url = await serve([routes()])
    expect(await (await go(new URL('/elsewhere', url))).text()).toBe('from the view')
  })
})
