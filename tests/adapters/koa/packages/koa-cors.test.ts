/** @koa/cors under fromKoa: simple and preflight requests (README options). */
import cors from '@koa/cors'
import { describe, expect, it } from 'vitest'
import { fromKoa } from 'shallot/koa'
import { go, koaServer } from './support.js'

const serve = koaServer()
const origin = 'https://app.example'

describe('@koa/cors', () => {
  it("a simple request: Access-Control-Allow-Origin '*' by default, on the view's response", async () => {
    const url = await serve([fromKoa(cors())])
    const response = await go(url, { headers: { origin } })
    expect(await response.text()).toBe('from the view')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('a preflight is answered 204 with the allowed methods, the view never runs', async () => {
    let viewed = false
    const url = await serve([fromKoa(cors({ allowMethods: ['GET', 'PUT'] }))], () => {
      viewed = true
      return new Response('view')
    })
    const response = await go(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT' },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,PUT')
    expect(viewed).toBe(false)
  })

  it('credentials: the request origin is echoed and credentials allowed; exposeHeaders are listed', async () => {
    const url = await serve([
      fromKoa(cors({ credentials: true, exposeHeaders: ['x-total'] })),
    ])
    const response = await go(url, { headers: { origin } })
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('access-control-expose-headers')).toBe('x-total')
  })
})
