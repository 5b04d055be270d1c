/** `validate` over real HTTP: parsed values, 400 with field errors, 415. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

export const validateChecks: MiddlewareChecks = (url) => {
  const post = (body: string, type: string) =>
    fetch(url('/validate?page=2'), {
      method: 'POST',
      headers: { 'content-type': type, accept: 'application/json' },
      body,
    })

  it('validate: a valid body reaches the view parsed and coerced', async () => {
    const response = await post('{"name":"Ada"}', 'application/json')
    expect(await response.json()).toEqual({ name: 'Ada', page: 2 })
  })

  it('validate: an invalid body is a 400 problem with its field errors', async () => {
    const response = await post('{"name":""}', 'application/json')
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = (await response.json()) as { errors: { path: unknown[] }[] }
    expect(body.errors.map((error) => error.path)).toEqual([['json', 'name']])
  })

  it('validate: a body that is not JSON is a 400, another Content-Type a 415', async () => {
    expect((await post('{"name":', 'application/json')).status).toBe(400)
    expect((await post('name=Ada', 'application/x-www-form-urlencoded')).status).toBe(
      415,
    )
  })
}
