/**
 * shallot/fetch: the requests `bodyLimit` and `common` derive, and one a layer derives
 * through `carryRequestData`, still give `fetchPlatform` and the provided data.
 */
import { fetchPlatform, toFetchHandler } from 'shallot/fetch'
import { describe, expect, it } from 'vitest'
import { chunkedBody, derivingStack } from '../../support/derived-requests.js'

const env = { REGION: 'eu' }
const ctx = { waitUntil() {} }

const platformOf = (request: Request) => {
  const platform = fetchPlatform<typeof env, typeof ctx>(request)
  return platform && { runtime: platform.runtime, env: platform.env, ctx: platform.ctx }
}
const expected = { runtime: 'fetch', env, ctx }

describe('requests derived from a shallot/fetch request', () => {
  it('bodyLimit: the counted request keeps the platform objects and provided data', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const init = { method: 'POST', ...chunkedBody('hello') }
    const request = new Request('http://localhost/upload', init)
    const response = await toFetchHandler(handler).fetch(request, env, ctx)
    expect(response.status).toBe(200)
    expect(seen).toEqual([
      { path: '/upload', platform: expected, user: 'ada', header: null, body: 'hello' },
    ])
  })

  it('common: the append-slash probe keeps them (a 301 follows)', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const request = new Request('http://localhost/page')
    const response = await toFetchHandler(handler).fetch(request, env, ctx)
    expect(response.status).toBe(301)
    expect(seen.map((view) => [view.path, view.platform, view.user])).toEqual([
      ['/page', expected, 'ada'],
      ['/page/', expected, 'ada'],
    ])
  })

  it('a layer deriving through carryRequestData keeps them', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const request = new Request('http://localhost/rewrite')
    await toFetchHandler(handler).fetch(request, env, ctx)
    expect(seen.map((view) => [view.platform, view.user, view.header])).toEqual([
      [expected, 'ada', '1'],
    ])
  })
})
