/**
 * The how-to pages' saved files do what the pages say they do. The blocks are
 * type-checked and run by typescript.test.ts; this test calls what they export and
 * checks the answers the pages describe (in `curl` comments and prose).
 */
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  provide,
  type Handler,
  type Middleware,
} from '../../src/index.js'
import { captionedFiles, importFile } from './howto-files.js'

const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  const { warn, error } = console
  console.warn = () => {}
  console.error = () => {}
  try {
    return await run()
  } finally {
    console.warn = warn
    console.error = error
  }
}

describe('captionedFiles', () => {
  it('finds the blocks announced by a File: line', () => {
    const files = captionedFiles('docs/howto/add-a-header-to-every-response.md')
    expect([...files.keys()]).toEqual(['add-header.ts', 'add-request-header.ts'])
  })
})

describe('docs/howto/route-requests.md', () => {
  const page = 'docs/howto/route-requests.md'
  const load = () => importFile<{ app: Handler }>(page, 'app.ts')
  const call = (app: Handler, method: string, path: string, headers = {}) =>
    quietly(() => app(new Request(`http://localhost:3000${path}`, { method, headers })))

  it('answers as the curl comments say', async () => {
    const { app } = await load()
    const detail = await call(app, 'GET', '/users/1/')
    expect([detail.status, await detail.text()]).toEqual([200, '{"id":1,"name":"Ada"}'])
    expect((await call(app, 'GET', '/users/9/')).status).toBe(404)
    const wrong = await call(app, 'POST', '/users/1/')
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([
      405,
      'GET, HEAD, DELETE',
    ])
    expect((await call(app, 'DELETE', '/users/1/')).status).toBe(401)
    const deleted = await call(app, 'DELETE', '/users/1/', {
      authorization: 'Bearer secret',
    })
    expect([deleted.status, await deleted.text()]).toEqual([200, 'admin deleted 1'])
    expect((await call(app, 'GET', '/nowhere')).status).toBe(404)
  })

  it('lists the users and reverses the names', async () => {
    const { app, reverse } = await importFile<{
      app: Handler
      reverse: (name: string, kwargs?: object) => string
    }>(page, 'app.ts')
    expect(await (await call(app, 'GET', '/users/')).json()).toEqual([
      { id: 1, name: 'Ada' },
    ])
    expect((await call(app, 'HEAD', '/')).status).toBe(200)
    expect(reverse('users:detail', { id: 1 })).toBe('/users/1/')
  })
})

type HeaderMiddleware = (name: string, value: string) => Middleware

describe('docs/howto/add-a-header-to-every-response.md', () => {
  const page = 'docs/howto/add-a-header-to-every-response.md'

  it('adds the request header and keeps what was attached', async () => {
    const { addRequestHeader } = await importFile<{
      addRequestHeader: HeaderMiddleware
    }>(page, 'add-request-header.ts')
    const attach: Middleware<{}, { tenant: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { tenant: 'acme' }))
    const app = createHandler({
      middleware: [attach, addRequestHeader('x-from', 'edge')],
      view: (request) =>
        new Response(`${request.headers.get('x-from')} ${request.tenant}`),
    })
    expect(await (await app(new Request('http://localhost/'))).text()).toBe('edge acme')
  })

  it('sets the header on read-only responses', async () => {
    const { addHeader } = await importFile<{ addHeader: HeaderMiddleware }>(
      page,
      'add-header.ts',
    )
    const redirect: Handler = async () => Response.redirect('http://localhost/', 302)
    const response = await addHeader('x-app', 'shop')(redirect)(
      new Request('http://localhost/'),
    )
    expect([response.status, response.headers.get('x-app')]).toEqual([302, 'shop'])
  })
})
