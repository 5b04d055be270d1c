/**
 * `shallot/fetch` in Node: the `{ fetch }` object, the platform objects it attaches to
 * each request, what happens to them when a layer builds a new request, and the 500
 * for a handler that rejects. The same adapter on the real runtimes: tests/runtimes.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  carryPlatform,
  fetchPlatform,
  toFetchHandler,
  type ExecutionContextLike,
  type FetchHandler,
  type FetchPlatform,
} from '../../../adapters/fetch/index.js'
import {
  createHandler,
  ImproperlyConfigured,
  provide,
  type Handler,
  type Middleware,
  json,
  text,
} from '../../../src/index.js'
import { recordingLogger, recordText } from '../../support/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const request = (path = '/') => new Request(`http://localhost${path}`)

/** A stack whose view answers with what `fetchPlatform` found, and the request it saw. */
function platformStack(middleware: Middleware[] = []) {
  const seen: Array<FetchPlatform | undefined> = []
  const handler = createHandler({
    middleware,
    view: (request) => {
      seen.push(fetchPlatform(request))
      return new Response('ok')
    },
    logger: quiet,
  })
  return { handler, seen }
}

describe('toFetchHandler', () => {
  it('returns { fetch } answering with the handler’s response, untouched', async () => {
    const made = new Response('made', { status: 201, headers: { 'x-a': '1' } })
    const app = toFetchHandler(async () => made)
    expect(Object.keys(app)).toEqual(['fetch'])
    const response = await app.fetch(request())
    expect(response).toBe(made)
  })

  it('`fetch` works detached from its object (Deno.serve(app.fetch), Bun’s this)', async () => {
    const { fetch } = toFetchHandler(async () => new Response('alone'))
    expect(await (await fetch(request())).text()).toBe('alone')
    const bunLike = { server: true, fetch }
    expect(await (await bunLike.fetch(request(), bunLike)).text()).toBe('alone')
  })

  it('passes the very request the runtime gave it to the handler', async () => {
    let received: Request | undefined
    const app = toFetchHandler(async (request) => {
      received = request
      return new Response()
    })
    const incoming = request()
    await app.fetch(incoming)
    expect(received).toBe(incoming)
  })

  it('a request body reaches the handler, a streamed response body leaves as it is', async () => {
    const app = toFetchHandler(async (request) => new Response(request.body))
    const response = await app.fetch(
      new Request('http://localhost/', { method: 'POST', body: 'round trip' }),
    )
    expect(await response.text()).toBe('round trip')
  })

  it('throws ImproperlyConfigured naming what it got when the handler is not a function', () => {
    expect(() => toFetchHandler({} as unknown as Handler)).toThrow(ImproperlyConfigured)
    expect(() => toFetchHandler({} as unknown as Handler)).toThrow(
      new ImproperlyConfigured(
        'toFetchHandler() needs a handler, (request) => Promise<Response>, got object.',
      ),
    )
    expect(() => toFetchHandler(null as unknown as Handler)).toThrow(/got null\./)
  })
})

describe('platform objects', () => {
  it('env and ctx, as passed, reach every layer and the view (Workers)', async () => {
    const atLayer: Array<FetchPlatform | undefined> = []
    const layer: Middleware = (getResponse) => (request) => {
      atLayer.push(fetchPlatform(request))
      return getResponse(request)
    }
    const { handler, seen } = platformStack([layer])
    const env = { KV: 'binding' }
    const ctx: ExecutionContextLike = { waitUntil() {}, passThroughOnException() {} }
    await toFetchHandler(handler).fetch(request(), env, ctx)
    expect(atLayer).toEqual([{ runtime: 'fetch', env, ctx }])
    expect(seen[0]).toBe(atLayer[0])
    expect(seen[0]!.env).toBe(env)
    expect(seen[0]!.ctx).toBe(ctx)
  })

  it('env is whatever came second (Deno’s info, Bun’s server), undefined if nothing', async () => {
    const { handler, seen } = platformStack()
    const app = toFetchHandler(handler)
    const info = { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 1 } }
    await app.fetch(request(), info)
    await app.fetch(request())
    expect(seen[0]!.env).toBe(info)
    expect(seen[1]!.runtime).toBe('fetch')
    expect(seen[1]!.env).toBeUndefined()
  })

  it('without a ctx, a stand-in: waitUntil lets the promise run and logs a rejection', async () => {
    const logger = recordingLogger()
    let ctx: ExecutionContextLike | undefined
    const app = toFetchHandler(
      async (request) => {
        ctx = fetchPlatform(request)!.ctx
        return new Response()
      },
      { logger },
    )
    await app.fetch(request())
    let ran = false
    ctx!.waitUntil(Promise.resolve().then(() => (ran = true)))
    ctx!.waitUntil(Promise.reject(new Error('flush failed')))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(ran).toBe(true)
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read to see it is absent, never called
    expect(ctx!.passThroughOnException).toBeUndefined()
    expect(logger.records.map(recordText)).toEqual([
      'A promise passed to ctx.waitUntil() rejected\nError: flush failed',
    ])
  })

  it('each request has its own, even concurrent ones', async () => {
    const { handler, seen } = platformStack()
    const app = toFetchHandler(handler)
    await Promise.all([app.fetch(request(), 'one'), app.fetch(request(), 'two')])
    expect(seen.map((platform) => platform!.env).sort()).toEqual(['one', 'two'])
  })

  it('undefined for a request that did not come through the adapter', async () => {
    const { handler, seen } = platformStack()
    await handler(request())
    expect(seen).toEqual([undefined])
  })

  it('provide() keeps them: it changes the request object, it does not copy it', async () => {
    const session: Middleware<{}, { session: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { session: 's' }))
    const { handler, seen } = platformStack([session])
    await toFetchHandler(handler).fetch(request(), { env: 1 })
    expect(seen[0]?.env).toEqual({ env: 1 })
  })

  it('new Request(request, init) starts without them; carryPlatform carries them over', async () => {
    const rebuild =
      (carry: boolean): Middleware =>
      (getResponse) =>
      (request) => {
        const derived = new Request(request, { headers: { 'x-new': '1' } })
        return getResponse(carry ? carryPlatform(request, derived) : derived)
      }
    const lost = platformStack([rebuild(false)])
    await toFetchHandler(lost.handler).fetch(request(), { env: 1 })
    expect(lost.seen).toEqual([undefined])

    const kept = platformStack([rebuild(true)])
    await toFetchHandler(kept.handler).fetch(request(), { env: 1 })
    expect(kept.seen[0]?.env).toEqual({ env: 1 })
  })

  it('carryPlatform leaves a request without platform objects as it was', () => {
    const derived = request('/derived')
    expect(carryPlatform(request(), derived)).toBe(derived)
    expect(fetchPlatform(derived)).toBeUndefined()
  })
})

describe('a handler that rejects (not one from createHandler)', () => {
  for (const [label, handler] of [
    ['rejects', async () => Promise.reject(new Error('secret detail'))],
    [
      'throws synchronously',
      (() => {
        throw new Error('secret detail')
      }) as unknown as Handler,
    ],
    ['rejects with a non-error', async () => Promise.reject('secret detail')],
  ] as const) {
    it(`${label}: a 500 with no detail, the error logged`, async () => {
      const logger = recordingLogger()
      const app = toFetchHandler(handler, { logger })
      const response = await app.fetch(request('/path'))
      expect(response.status).toBe(500)
      // What workerd, Deno and Bun do: read the slots, not the `body` getter.
      const body = await Response.prototype.text.call(response)
      expect(body).toBe('500 Internal Server Error\n')
      expect(logger.at('error').map((record) => record.message)).toEqual([
        'Internal Server Error: GET /path',
      ])
      expect(recordText(logger.at('error')[0]!)).toContain('secret detail')
    })
  }

  it('an HttpError from a raw handler is still a 500: the handler broke its contract', async () => {
    const { NotFound } = await import('../../../src/index.js')
    const app = toFetchHandler(async () => Promise.reject(new NotFound()), {
      logger: quiet,
    })
    expect((await app.fetch(request())).status).toBe(500)
  })
})

describe('helper responses (text(), json(), html())', () => {
  it('reach the runtime as a plain Response whose internal slots hold the body', async () => {
    const app = toFetchHandler(async () =>
      json({ a: 1 }, { status: 201, statusText: 'Made', headers: { 'x-a': '1' } }),
    )
    const response = await app.fetch(request())
    expect(Object.getPrototypeOf(response)).toBe(Response.prototype)
    expect([response.status, response.statusText, response.headers.get('x-a')]).toEqual(
      [201, 'Made', '1'],
    )
    expect(response.headers.get('content-type')).toBe('application/json')
    // What workerd, Deno and Bun do: read the slots, not the `body` getter.
    expect(await Response.prototype.text.call(response)).toBe('{"a":1}')
  })

  it('one whose body was read already is a 500, logged', async () => {
    const logger = recordingLogger()
    const app = toFetchHandler(
      async () => {
        const response = text('gone')
        await response.text()
        return response
      },
      { logger },
    )
    const response = await app.fetch(request())
    expect(response.status).toBe(500)
    expect(logger.at('error')).toHaveLength(1)
  })
})

describe('types', () => {
  it('Env and Ctx type fetch’s parameters and fetchPlatform’s result', () => {
    type Env = { readonly NAME: string }
    const app = toFetchHandler<Env>(async () => new Response())
    expectTypeOf(app).toEqualTypeOf<FetchHandler<Env, ExecutionContextLike>>()
    expectTypeOf(app.fetch).parameter(1).toEqualTypeOf<Env | undefined>()
    // @ts-expect-error: env must be an Env
    void app.fetch(request(), { NAME: 1 })
    expectTypeOf(fetchPlatform<Env>(request())).toEqualTypeOf<
      FetchPlatform<Env, ExecutionContextLike> | undefined
    >()
    expectTypeOf(fetchPlatform(request())).toEqualTypeOf<
      FetchPlatform<unknown, ExecutionContextLike> | undefined
    >()
  })

  it('assignable to a Workers-style exported handler', () => {
    interface ExecutionContext {
      waitUntil(promise: Promise<any>): void
      passThroughOnException(): void
      readonly props: any
    }
    type ExportedHandler<Env> = {
      fetch?: (
        request: Request,
        env: Env,
        ctx: ExecutionContext,
      ) => Response | Promise<Response>
    }
    type Env = { readonly NAME: string }
    const app = toFetchHandler<Env>(async () => new Response())
    expectTypeOf(app).toMatchTypeOf<ExportedHandler<Env>>()
  })
})
