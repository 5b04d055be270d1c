/**
 * The edge-function files of docs/howto/deploy-to-edge-functions.md, called as Vercel
 * and Netlify call them: the default export's `fetch(request)` (Vercel) or
 * `fetch(request, context)` (Netlify). Node only; the platforms are not deployed to.
 */
import { describe, expect, it } from 'vitest'
import type { FetchHandler } from '../../../adapters/fetch/index.js'
import { importFile } from '../../docs/howto-files.js'

const page = 'docs/howto/deploy-to-edge-functions.md'
const request = (path: string) => new Request(`https://my-app.example${path}`)
const quiet = async <T>(run: () => Promise<T>): Promise<T> => {
  const { warn } = console
  console.warn = () => {}
  try {
    return await run()
  } finally {
    console.warn = warn
  }
}

describe('Vercel: api/index.ts', () => {
  it('answers through the default export', async () => {
    const { default: fn } = await importFile<{ default: FetchHandler }>(
      page,
      'api/index.ts',
    )
    const hello = await fn.fetch(request('/api'))
    expect([hello.status, await hello.text()]).toEqual([200, '{"hello":"world"}'])
    const whoami = (await (await fn.fetch(request('/api/whoami'))).json()) as {
      id: string
    }
    expect(whoami.id).toMatch(/^[0-9a-f-]{36}$/)
    const missing = await quiet(() => fn.fetch(request('/api/nope')))
    expect(missing.status).toBe(404)
  })
})

describe('Netlify: netlify/functions/app.ts', () => {
  it('answers through the default export and reads the context', async () => {
    const { default: fn, config } = await importFile<{
      default: FetchHandler<{ ip?: string } | undefined>
      config: { path: string[] }
    }>(page, 'netlify/functions/app.ts')
    expect(config.path).toEqual(['/api', '/api/*'])
    const hello = await fn.fetch(request('/api'), { ip: '203.0.113.9' })
    expect(await hello.text()).toBe('{"hello":"world"}')
    const ip = await fn.fetch(request('/api/ip'), { ip: '203.0.113.9' })
    expect(await ip.json()).toEqual({ ip: '203.0.113.9' })
    const none = await fn.fetch(request('/api/ip'))
    expect(await none.json()).toEqual({ ip: null })
    const missing = await quiet(() => fn.fetch(request('/nope'), {}))
    expect(missing.status).toBe(404)
  })
})
