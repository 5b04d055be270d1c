// shallot/urls with stacks: per-route middleware, APPEND_SLASH (U10), legacyStack.
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  HttpError,
  provide,
  type Layer,
  type Middleware,
} from '../../../src/index.js'
import { common, csrf } from '../../../src/middleware/index.js'
import { path, urls } from '../../../src/urls/index.js'
import { legacyStack } from '../../../adapters/legacy/index.js'
import { recordingLogger } from '../../support/logger.js'

const request = (pathname: string, method = 'GET') =>
  new Request(`http://localhost${pathname}`, { method })

const tag =
  (name: string, log: string[]): Middleware =>
  (getResponse) =>
    Object.assign(
      async (request: Request) => {
        log.push(`${name} in`)
        const response = await getResponse(request)
        log.push(`${name} out`)
        return response
      },
      {
        processView: () => {
          log.push(`${name} processView`)
        },
      },
    ) satisfies Layer

describe('per-route middleware', () => {
  it('runs around that route only, with its hooks, and the view keeps its kwargs', async () => {
    const log: string[] = []
    const { resolve } = urls([
      path('a/<int:id>/', (_request, _args, { id }) => new Response(`a ${id}`), {
        middleware: [tag('route', log)],
      }),
      path('b/', () => new Response('b')),
    ])
    const handler = createHandler({ middleware: [tag('global', log)], resolve })
    expect(await (await handler(request('/a/7/'))).text()).toBe('a 7')
    expect(log).toEqual([
      'global in',
      'global processView',
      'route in',
      'route processView',
      'route out',
      'global out',
    ])
    log.length = 0
    expect(await (await handler(request('/b/'))).text()).toBe('b')
    expect(log).toEqual(['global in', 'global processView', 'global out'])
  })

  it('provides to the view; a route layer sees what the global stack provides', async () => {
    const user: Middleware<{}, { user: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { user: 'ann' }))
    const greeting: Middleware<{ user: string }, { greeting: string }> =
      (getResponse) => (request) =>
        getResponse(provide(request, { greeting: `hi ${request.user}` }))
    const { resolve } = urls([
      path('me/', (request) => new Response(request.greeting), {
        middleware: [greeting],
      }),
    ])
    const handler = createHandler({ middleware: [user], resolve })
    expect(await (await handler(request('/me/'))).text()).toBe('hi ann')
  })

  it("errors in a route's stack are converted at its boundaries and logged once", async () => {
    const logger = recordingLogger()
    const failing: Middleware = () => () => {
      throw new HttpError(409, 'conflict')
    }
    const { resolve } = urls([
      path('x/', () => new Response('x'), { middleware: [failing] }),
    ])
    const handler = createHandler({ middleware: [], resolve, logger, debug: true })
    const response = await handler(request('/x/'))
    expect(response.status).toBe(409)
    // debug reaches the route's stack: the page names the error.
    expect(await response.text()).toContain('conflict')
    expect(logger.at('warn').map((record) => record.message)).toEqual([
      'Conflict: GET /x/',
    ])
  })

  it('a layer that loses the match (a plain new Request) gets a 404', async () => {
    const rebuild: Middleware = (getResponse) => (request) =>
      getResponse(new Request(request.url))
    const { resolve } = urls([
      path('x/', () => new Response('x'), { middleware: [rebuild] }),
    ])
    const handler = createHandler({
      middleware: [],
      resolve,
      logger: recordingLogger(),
    })
    expect((await handler(request('/x/'))).status).toBe(404)
  })

  it('resolve used without createHandler builds the route stacks with defaults', async () => {
    const log: string[] = []
    const { resolve } = urls([
      path('x/', () => new Response('x'), { middleware: [tag('route', log)] }),
    ])
    const match = resolve(request('/x/'))!
    const response = await match.view(request('/x/'), [], {})
    expect(await (response as Response).text()).toBe('x')
    expect(log).toEqual(['route in', 'route processView', 'route out'])
  })

  it('works under legacyStack({ resolve }) unchanged', async () => {
    const { resolve } = urls([
      path('users/<int:id>/', (_request, _args, { id }) => new Response(`user ${id}`)),
    ])
    const handler = legacyStack({ middleware: [], resolve, logger: recordingLogger() })
    expect(await (await handler(request('/users/5/'))).text()).toBe('user 5')
    expect((await handler(request('/users/x/'))).status).toBe(404)
  })
})

describe('APPEND_SLASH with the URLconf (U10)', () => {
  const conf = urls([
    path('users/<int:id>/', (_request, _args, { id }) => new Response(`user ${id}`)),
    path('about', () => new Response('no slash')),
  ])
  const handler = createHandler({
    middleware: [common({ isValidPath: conf.isValidPath })],
    resolve: conf.resolve,
    logger: recordingLogger(),
  })

  it('U10: redirects to the slashed path when only it resolves, query kept', async () => {
    const response = await handler(request('/users/3?tab=1'))
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/users/3/?tab=1')
  })

  it('U10: no redirect when the slashed path does not resolve, or the path does', async () => {
    expect((await handler(request('/users/x'))).status).toBe(404)
    expect((await handler(request('/about'))).status).toBe(200)
  })

  it('U10: no redirect for a method with a body (a redirect would lose it)', async () => {
    expect((await handler(request('/users/3', 'POST'))).status).toBe(404)
  })
})

describe('methods under legacyStack', () => {
  it('a 405 carries Allow there too', async () => {
    const { resolve } = urls([
      path('x/', () => new Response('x'), { methods: ['PUT'] }),
    ])
    const handler = legacyStack({ middleware: [], resolve, logger: recordingLogger() })
    const response = await handler(request('/x/'))
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'PUT'])
  })
})

describe("csrfExempt: Django's csrf_exempt through the URLconf", () => {
  const conf = urls([
    path('webhook/', () => new Response('hooked'), {
      csrfExempt: true,
      methods: ['POST'],
    }),
    path('form/', () => new Response('posted')),
  ])
  const handler = createHandler({
    middleware: [csrf({ exempt: conf.isCsrfExempt })],
    resolve: conf.resolve,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  })
  const crossSite = (pathname: string, method = 'POST') =>
    handler(
      new Request(`https://app.example.com${pathname}`, {
        method,
        headers: { 'sec-fetch-site': 'cross-site' },
      }),
    )

  it('a cross-site POST to an exempt route passes', async () => {
    const response = await crossSite('/webhook/')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('hooked')
  })

  it('the same POST to a route without it is refused', async () => {
    expect((await crossSite('/form/')).status).toBe(403)
  })

  it('a method the exempt route does not take, or no route, is not exempt', async () => {
    expect(
      conf.isCsrfExempt(
        new Request('https://app.example.com/webhook/', { method: 'PUT' }),
      ),
    ).toBe(false)
    expect(
      conf.isCsrfExempt(
        new Request('https://app.example.com/nowhere/', { method: 'POST' }),
      ),
    ).toBe(false)
    expect((await crossSite('/webhook/', 'PUT')).status).toBe(403)
  })

  it('csrfExempt must be a boolean', () => {
    expect(() =>
      path('x/', () => new Response(''), { csrfExempt: 'yes' as unknown as boolean }),
    ).toThrow(/path\(\) csrfExempt must be true or false, got "yes"/)
  })
})
