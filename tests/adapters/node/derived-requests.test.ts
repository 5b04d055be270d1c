/**
 * shallot/node: the requests `bodyLimit` and `common` derive, and one a layer derives
 * through `carryRequestData`, still give `nodePlatform` and the provided data, through
 * a real server on 127.0.0.1.
 */
import { provide } from 'shallot'
import { nodePlatform } from 'shallot/node'
import { describe, expect, it } from 'vitest'
import { chunkedBody, derivingStack } from '../../support/derived-requests.js'
import { serverPerTest } from './support.js'

const start = serverPerTest()

/** The platform as the view saw it, reduced to what can be compared. */
const platformOf = (request: Request) => {
  const platform = nodePlatform(request)
  return platform && { runtime: platform.runtime, port: platform.req.socket.localPort }
}

describe('requests derived from a shallot/node request', () => {
  it('bodyLimit: the counted request keeps the platform objects and provided data', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const url = await start(handler)
    const port = Number(new URL(url).port)
    const init = { method: 'POST', ...chunkedBody('hello') }
    const response = await fetch(new URL('/upload', url), init)
    expect(await response.text()).toBe('ok')
    expect(seen).toEqual([
      {
        path: '/upload',
        platform: { runtime: 'node', port },
        user: 'ada',
        header: null,
        body: 'hello',
      },
    ])
  })

  it('common: the append-slash probe keeps them (a 301 follows)', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const url = await start(handler)
    const port = Number(new URL(url).port)
    const response = await fetch(new URL('/page', url), { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/page/')
    expect(seen.map((view) => [view.path, view.platform, view.user])).toEqual([
      ['/page', { runtime: 'node', port }, 'ada'],
      ['/page/', { runtime: 'node', port }, 'ada'],
    ])
  })

  it('a layer deriving with new Request(request, init) through carryRequestData keeps them', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const url = await start(handler)
    const port = Number(new URL(url).port)
    expect(await (await fetch(new URL('/rewrite', url))).text()).toBe('ok')
    expect(seen.map((view) => [view.platform, view.user, view.header])).toEqual([
      [{ runtime: 'node', port }, 'ada', '1'],
    ])
  })
})

describe('the adapter’s request and the copies made from it', () => {
  it('clone() carries the provided data and the platform objects', async () => {
    let seen: unknown[] = []
    const url = await start(async (request) => {
      const provided = provide(request, { user: 'ada' })
      const copy = provided.clone() as typeof provided
      seen = [
        provided.user,
        copy.user,
        nodePlatform(provided)?.req,
        nodePlatform(copy)?.res,
      ]
      return new Response('ok')
    })
    await fetch(url)
    const platform = seen.slice(2)
    expect(seen.slice(0, 2)).toEqual(['ada', 'ada'])
    expect(platform.every((object) => typeof object === 'object')).toBe(true)
  })

  it('has no own properties of its own, so only provided data is carried', async () => {
    let keys: string[] = []
    const url = await start(async (request) => {
      keys = Object.keys(provide(request, { user: 'ada' }))
      return new Response('ok')
    })
    await fetch(url)
    expect(keys).toEqual(['user'])
  })
})
