/**
 * `fromKoa`: Koa middleware as one layer of a shallot stack, on Koa's own context. The
 * onion is Django's (N18); errors from inside the group come out of `next()` as in
 * Koa, errors from the inner layers do not (N2); the response is the inner one unless
 * something changed, otherwise what Koa would send for `ctx`.
 */
import { Readable } from 'node:stream'
import fc from 'fast-check'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import {
  fromKoa,
  type KoaContext,
  type KoaMiddleware,
} from '../../../adapters/koa/index.js'
import { loadKoa } from '../../../adapters/koa/load-koa.js'
import {
  createHandler,
  ImproperlyConfigured,
  NotFound,
  type Middleware,
  type View,
} from '../../../src/index.js'
import {
  leaks,
  named,
  recordingLogger,
  recordText,
  request,
} from '../../support/index.js'

function stack(middleware: Middleware[], view: View, debug = false) {
  const logger = recordingLogger()
  const handler = createHandler({ middleware, view, logger, debug })
  return { handler, logger }
}

const errorsOf = (logger: ReturnType<typeof recordingLogger>) =>
  logger.at('error').map(recordText).join('\n')

/** A shallot layer that records its way in and out, with the status it got back. */
const shallotLayer =
  (name: string, log: string[]): Middleware =>
  (getResponse) =>
  async (request) => {
    log.push(`${name} in`)
    const response = await getResponse(request)
    log.push(`${name} out ${response.status}`)
    return response
  }

/** A Koa-style function that records its way in and out. */
const koaLog = (name: string, log: string[]): KoaMiddleware =>
  named(name, async (ctx: KoaContext, next: () => Promise<void>) => {
    log.push(`${name} in`)
    await next()
    log.push(`${name} out ${ctx.status}`)
  })

const encoder = new TextEncoder()

describe('the onion', () => {
  it('N18 — functions run in order, first outermost, inside the shallot layers around them', async () => {
    const log: string[] = []
    const { handler } = stack(
      [
        shallotLayer('A', log),
        fromKoa(koaLog('k1', log), koaLog('k2', log)),
        shallotLayer('B', log),
      ],
      () => {
        log.push('view')
        return new Response('view')
      },
    )
    const response = await handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual([
      'A in',
      'k1 in',
      'k2 in',
      'B in',
      'view',
      'B out 200',
      'k2 out 200',
      'k1 out 200',
      'A out 200',
    ])
  })

  it('N18 — a function that does not call next() answers early: the outer layers see its response, the inner ones never run', async () => {
    const log: string[] = []
    const early: KoaMiddleware = (ctx) => {
      log.push('early')
      ctx.status = 503
      ctx.body = 'down for maintenance'
    }
    const { handler } = stack(
      [
        shallotLayer('A', log),
        fromKoa(koaLog('k1', log), early, koaLog('k3', log)),
        shallotLayer('B', log),
      ],
      () => {
        log.push('view')
        return new Response('view')
      },
    )
    const response = await handler(request())
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('down for maintenance')
    expect(log).toEqual(['A in', 'k1 in', 'early', 'k1 out 503', 'A out 503'])
  })

  it('the factory is named after the functions', async () => {
    const auth: KoaMiddleware = (ctx, next) => next()
    const group = fromKoa(auth, (ctx, next) => next())
    expect(group.name).toBe('fromKoa(auth, anonymous)')
  })
})

describe('errors', () => {
  it('an error thrown by a function comes out of the next() of the functions outside it', async () => {
    const caught: unknown[] = []
    const errorHandler: KoaMiddleware = async (ctx, next) => {
      try {
        await next()
      } catch (error) {
        caught.push(error)
        ctx.status = 502
        ctx.body = { error: (error as Error).message }
      }
    }
    const failing: KoaMiddleware = async () => {
      throw new Error('upstream timed out')
    }
    const { handler } = stack([fromKoa(errorHandler, failing)], () => new Response('v'))
    const response = await handler(request())
    expect(caught).toHaveLength(1)
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toEqual({ error: 'upstream timed out' })
  })

  it('a synchronous throw comes out of next() too, as a rejection', async () => {
    const seen: string[] = []
    const { handler } = stack(
      [
        fromKoa(
          async (ctx, next) => {
            await next().catch((error: Error) => seen.push(error.message))
            ctx.body = 'recovered'
          },
          () => {
            throw new Error('sync')
          },
        ),
      ],
      () => new Response('v'),
    )
    expect(await (await handler(request())).text()).toBe('recovered')
    expect(seen).toEqual(['sync'])
  })

  it('N2 — an error from the view is not thrown out of next(): it arrives as a 500 response', async () => {
    const log: string[] = []
    const errorHandler: KoaMiddleware = async (ctx, next) => {
      try {
        await next()
        log.push(`resolved ${ctx.status}`)
      } catch {
        log.push('caught')
      }
    }
    const { handler, logger } = stack([fromKoa(errorHandler)], () => {
      throw new Error('database is down')
    })
    const response = await handler(request())
    expect(log).toEqual(['resolved 500'])
    expect(response.status).toBe(500)
    expect(errorsOf(logger)).toContain('database is down')
  })

  it('N2 — an inner NotFound arrives as ctx.status 404, and can be answered by status', async () => {
    const { handler } = stack(
      [
        fromKoa(async (ctx, next) => {
          await next()
          if (ctx.status === 404) ctx.body = { error: 'not found' }
        }),
      ],
      () => {
        throw new NotFound('no such article')
      },
    )
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: 'not found' })
  })

  it('N2 — an error leaving the group becomes a 500 at its boundary: no message in production, the message in debug', async () => {
    const failing = named('failing', async () => {
      throw new Error('secret detail')
    })
    const error = new Error('secret detail')
    const production = stack([fromKoa(failing)], () => new Response('v'))
    const response = await production.handler(request())
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(body).toBe('500 Internal Server Error\n')
    expect(leaks(body, error)).toEqual([])
    expect(errorsOf(production.logger)).toContain('secret detail')

    const debugging = stack([fromKoa(failing)], () => new Response('v'), true)
    const debugBody = await (await debugging.handler(request())).text()
    expect(debugBody).toContain('Error: secret detail')
  })

  it('an outer shallot layer sees the converted response, not the error', async () => {
    const log: string[] = []
    const { handler } = stack(
      [
        shallotLayer('A', log),
        fromKoa(() => {
          throw new Error('boom')
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(log).toEqual(['A in', 'A out 500'])
  })

  it.each([
    [404, 'NotFoundError'],
    [403, 'ForbiddenError'],
    [400, 'BadRequestError'],
    [418, 'ImATeapotError'],
  ])(
    "ctx.throw(%i) throws Koa's %s, which the boundary answers with that status",
    async (status, name) => {
      let thrown: unknown
      const { handler } = stack(
        [
          fromKoa(
            async (ctx, next) => {
              try {
                await next()
              } catch (error) {
                thrown = error
                throw error
              }
            },
            (ctx) => ctx.throw(status, 'no'),
          ),
        ],
        () => new Response('v'),
      )
      const response = await handler(request())
      expect(response.status).toBe(status)
      expect((thrown as Error).name).toBe(name)
    },
  )

  it('ctx.throw with a status outside 400-599 is a 500', async () => {
    const { handler } = stack(
      [fromKoa((ctx) => ctx.throw(302))],
      () => new Response('v'),
    )
    // http-errors reports a deprecation for the non-error status, as an event when
    // the process listens for it (else on stderr): expected here, so it is caught.
    const notices: unknown[] = []
    const listener = (notice: unknown) => void notices.push(notice)
    process.on('deprecation', listener)
    try {
      expect((await handler(request())).status).toBe(500)
    } finally {
      process.off('deprecation', listener)
    }
    expect(String(notices[0])).toMatch(/non-error status code/)
  })

  it('next() called twice is an error naming the function', async () => {
    const twice = named('twice', async (ctx: KoaContext, next: () => Promise<void>) => {
      await next()
      await next()
    })
    const views: string[] = []
    const { handler, logger } = stack([fromKoa(koaLog('outer', []), twice)], () => {
      views.push('view')
      return new Response('v')
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(views).toEqual(['view'])
    expect(errorsOf(logger)).toContain(
      'fromKoa middleware[1] (twice) called next() more than once.',
    )
  })

  it('next() not awaited is an error naming the group, not a silent 404', async () => {
    const forgetful = named(
      'forgetful',
      async (ctx: KoaContext, next: () => Promise<void>) => {
        void next()
      },
    )
    const { handler, logger } = stack([fromKoa(forgetful)], () => new Response('v'))
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'fromKoa(forgetful) finished before the inner layers answered: a function ' +
        'called next() without awaiting it. Write await next() (or return next()).',
    )
  })

  it("ctx.status rejects a value Koa does not take (Koa's assertion)", async () => {
    const { handler, logger } = stack(
      [
        fromKoa((ctx) => {
          ctx.status = 42
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain('invalid status code: 42')
  })

  it('ctx.status refuses a string', async () => {
    const { handler, logger } = stack(
      [
        fromKoa((ctx) => {
          ctx.status = '201' as unknown as number
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain('status code must be a number')
  })
})

describe('the response', () => {
  /** The response of a one-function group in front of `view`. */
  const answer = (fn: KoaMiddleware, view: View = () => new Response('view')) =>
    stack([fromKoa(fn)], view).handler(request())

  it('nothing set and next() never called: 404 Not Found, as in Koa', async () => {
    const response = await answer(() => {})
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('Not Found')
  })

  it('a status without a body: the status message', async () => {
    const response = await answer((ctx) => {
      ctx.status = 401
    })
    expect(response.status).toBe(401)
    expect(await response.text()).toBe('Unauthorized')
    expect(response.headers.get('content-length')).toBe('12')
    // Koa's message for the status (its statuses table), as Koa sends it.
    const tooLarge = await answer((ctx) => {
      ctx.status = 413
    })
    expect(await tooLarge.text()).toBe('Payload Too Large')
    const unknown = await answer((ctx) => {
      ctx.status = 599
    })
    expect(unknown.status).toBe(599)
    expect(await unknown.text()).toBe('599')
  })

  it.each<[string, unknown, string | null, string]>([
    ['a string', 'hello', 'text/plain; charset=utf-8', 'hello'],
    [
      'a string starting with <',
      '  <p>hi</p>',
      'text/html; charset=utf-8',
      '  <p>hi</p>',
    ],
    ['an object', { a: 1 }, 'application/json; charset=utf-8', '{"a":1}'],
    ['an array', [1, 2], 'application/json; charset=utf-8', '[1,2]'],
    ['a Buffer', Buffer.from('bytes'), 'application/octet-stream', 'bytes'],
    // Koa sends bytes for a Buffer only; another Uint8Array is an object, JSON.
    [
      'a Uint8Array',
      encoder.encode('ab'),
      'application/json; charset=utf-8',
      '{"0":97,"1":98}',
    ],
    [
      'a typed Blob',
      new Blob(['<svg/>'], { type: 'image/svg+xml' }),
      'image/svg+xml',
      '<svg/>',
    ],
    ['an untyped Blob', new Blob(['raw']), 'application/octet-stream', 'raw'],
  ])('a body set to %s: status 200, its content type', async (_, body, type, text) => {
    const response = await answer((ctx) => {
      ctx.body = body
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(await response.text()).toBe(text)
  })

  it('a body set to a ReadableStream is sent as is', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('streamed'))
        controller.close()
      },
    })
    const response = await answer((ctx) => {
      ctx.body = stream
    })
    expect(response.body).toBe(stream)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(await response.text()).toBe('streamed')
  })

  it('null: 204, even after an explicit status (as Koa)', async () => {
    const empty = await answer((ctx) => {
      ctx.body = 'first'
      ctx.body = null
    })
    expect(empty.status).toBe(204)
    expect(empty.headers.has('content-type')).toBe(false)
    const unset = await answer((ctx) => {
      ctx.body = 'first'
      ctx.body = undefined
    })
    expect(unset.status).toBe(204)
    expect(unset.body).toBeNull()
    const explicit = await answer((ctx) => {
      ctx.status = 202
      ctx.body = null
    })
    expect(explicit.status).toBe(204)
    expect(await explicit.text()).toBe('')
  })

  it('a status that cannot carry a body drops it', async () => {
    const response = await answer(async (ctx, next) => {
      await next()
      ctx.status = 304
    })
    expect(response.status).toBe(304)
    expect(response.body).toBeNull()
  })

  it('a content type set with ctx.set wins over the one the body implies', async () => {
    const response = await answer((ctx) => {
      ctx.set('content-type', 'application/vnd.api+json')
      ctx.body = { data: [] }
    })
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json')
    expect(await response.text()).toBe('{"data":[]}')
  })

  it("a content length set with ctx.set is kept; a string body sets its own, Koa's", async () => {
    const view = () => new Response('view', { headers: { 'content-length': '4' } })
    const kept = await answer(async (ctx, next) => {
      await next()
      ctx.body = 'hello'
      ctx.set('Content-Length', '5')
    }, view)
    expect(kept.headers.get('content-length')).toBe('5')
    expect(await kept.text()).toBe('hello')
    const dropped = await answer(async (ctx, next) => {
      await next()
      ctx.body = 'hello!'
    }, view)
    expect(dropped.headers.get('content-length')).toBe('6')
    expect(await dropped.text()).toBe('hello!')
  })

  it('after next(): ctx shows the inner response; replacing the body sets its type and keeps the status', async () => {
    const seen: unknown[] = []
    const response = await answer(
      async (ctx, next) => {
        seen.push(ctx.status, ctx.body)
        await next()
        seen.push(ctx.status, ctx.body instanceof Readable, ctx.get('x-view'))
        seen.push(ctx.response.get('x-view'), ctx.response.length, ctx.type)
        ctx.body = { wrapped: true }
      },
      () =>
        new Response('<p>created</p>', {
          status: 201,
          headers: {
            'content-type': 'text/html',
            'content-length': '14',
            'x-view': '1',
          },
        }),
    )
    // ctx.get reads the request; the response's headers are on ctx.response.
    expect(seen).toEqual([404, undefined, 201, true, '', '1', 14, 'text/html'])
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('content-length')).toBe('16')
    expect(response.headers.get('x-view')).toBe('1')
    expect(await response.json()).toEqual({ wrapped: true })
  })

  it('headers set after next() appear, on a new Response with the same body stream', async () => {
    const inner = new Response('view', { headers: { vary: 'cookie' } })
    const body = inner.body
    const response = await answer(
      async (ctx, next) => {
        await next()
        ctx.set('x-frame-options', 'DENY')
        ctx.append('vary', 'accept-language')
        ctx.remove('x-powered-by')
      },
      () => {
        inner.headers.set('x-powered-by', 'view')
        return inner
      },
    )
    expect(response).not.toBe(inner)
    expect(response.body).toBe(body)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('vary')).toBe('cookie, accept-language')
    expect(response.headers.has('x-powered-by')).toBe(false)
    expect(await response.text()).toBe('view')
  })

  it('headers set before next() are kept unless the inner response has them; cookies add up, in order', async () => {
    const response = await answer(
      async (ctx, next) => {
        ctx.set('x-request-id', 'r1')
        ctx.set('cache-control', 'no-store')
        ctx.append('set-cookie', 'a=1')
        await next()
      },
      () =>
        new Response('v', {
          headers: [
            ['cache-control', 'max-age=60'],
            ['set-cookie', 'b=2'],
          ],
        }),
    )
    expect(response.headers.get('x-request-id')).toBe('r1')
    expect(response.headers.get('cache-control')).toBe('max-age=60')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
  })

  it('status and body set before next() give way to the inner response', async () => {
    const inner = new Response('view', { status: 202 })
    const response = await answer(
      async (ctx, next) => {
        ctx.status = 500
        ctx.body = 'placeholder'
        await next()
      },
      () => inner,
    )
    expect(response).toBe(inner)
  })

  it('the fast path: nothing changed after next(), the very same Response object', async () => {
    const inner = new Response('view', { headers: { 'x-view': '1' } })
    const { handler } = stack(
      [
        fromKoa(
          async (ctx, next) => {
            ctx.state.seen = true
            await next()
            void ctx.status
            void ctx.body
          },
          (ctx, next) => next(),
        ),
      ],
      () => inner,
    )
    expect(await handler(request())).toBe(inner)
  })

  it('a body replaced without being read is cancelled, so the view can stop producing', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true
      },
    })
    const response = await answer(
      async (ctx, next) => {
        await next()
        ctx.body = 'replaced'
      },
      () => new Response(stream),
    )
    expect(await response.text()).toBe('replaced')
    await Promise.resolve()
    expect(cancelled).toBe(true)
  })

  it('a replaced body whose stream refuses to be cancelled does not break the response', async () => {
    let asked = false
    const stream = new ReadableStream<Uint8Array>({
      cancel() {
        asked = true
        throw new Error('cannot stop')
      },
    })
    const response = await answer(
      async (ctx, next) => {
        await next()
        ctx.body = 'replaced'
      },
      () => new Response(stream),
    )
    expect(await response.text()).toBe('replaced')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(asked).toBe(true)
  })

  it('a body read in part by Koa code and left as ctx.body sends the rest', async () => {
    const response = await answer(
      async (ctx, next) => {
        await next()
        const stream = ctx.body as Readable
        await new Promise((resolve) => stream.once('readable', resolve))
        stream.read(3)
      },
      () => new Response('abcdef'),
    )
    expect(await response.text()).toBe('def')
  })
})

describe('streaming', () => {
  /** A view whose body produces chunk 2 only when the test says so. */
  function streamingView(events: string[]) {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const view: View = () => {
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c
          c.enqueue(encoder.encode('chunk 1'))
          events.push('produced 1')
        },
      })
      return new Response(stream)
    }
    const produceRest = () => {
      controller.enqueue(encoder.encode('chunk 2'))
      events.push('produced 2')
      controller.close()
    }
    return { view, produceRest }
  }

  it.each<[string, KoaMiddleware]>([
    ['unchanged', async (ctx, next) => void (await next())],
    [
      'with a header set after next()',
      async (ctx, next) => {
        await next()
        ctx.set('x-after', '1')
      },
    ],
  ])(
    'the body is never buffered (%s): the client reads chunk 1 before chunk 2 exists',
    async (_, fn) => {
      const events: string[] = []
      const { view, produceRest } = streamingView(events)
      const { handler } = stack([fromKoa(fn, (ctx, next) => next())], view)
      const response = await handler(request())
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      const first = await reader.read()
      events.push(`read ${decoder.decode(first.value)}`)
      produceRest()
      const second = await reader.read()
      events.push(`read ${decoder.decode(second.value)}`)
      expect((await reader.read()).done).toBe(true)
      expect(events).toEqual([
        'produced 1',
        'read chunk 1',
        'produced 2',
        'read chunk 2',
      ])
    },
  )
})

describe('the request side', () => {
  it("Koa's request delegates: method, url, path, query, get, host, protocol, ip, and a state shared by the group", async () => {
    const seen: unknown[] = []
    const { handler } = stack(
      [
        fromKoa(
          async (ctx, next) => {
            ctx.state.user = 'ada'
            await next()
          },
          (ctx) => {
            seen.push(
              ctx.method,
              ctx.url,
              ctx.path,
              ctx.query,
              ctx.get('X-Request-Id'),
              ctx.get('x-missing'),
              ctx.state.user,
              ctx.host,
              ctx.protocol,
              ctx.ip,
              ctx.is('json'),
              ctx.accepts('html', 'json'),
            )
            ctx.body = 'ok'
          },
        ),
      ],
      () => new Response('v'),
    )
    await handler(
      new Request('https://testserver/search?tag=a&tag=b', {
        method: 'POST',
        headers: {
          'x-request-id': 'r1',
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: '{}',
      }),
    )
    expect(seen).toEqual([
      'POST',
      '/search?tag=a&tag=b',
      '/search',
      { tag: ['a', 'b'] },
      'r1',
      '',
      'ada',
      'testserver',
      'https',
      '',
      'json',
      'json',
    ])
  })

  it('a request Host header wins over the URL, as Koa reads it', async () => {
    let host: string | undefined
    const { handler } = stack(
      [
        fromKoa((ctx) => {
          host = ctx.host
          ctx.body = 'ok'
        }),
      ],
      () => new Response('v'),
    )
    await handler(request('/', { headers: { host: 'example.org' } }))
    expect(host).toBe('example.org')
  })

  it('ctx.req streams the request body for Koa code; left unread, the view reads it', async () => {
    const read = (stream: Readable) =>
      new Promise<string>((resolve) => {
        let text = ''
        stream.on('data', (chunk: Buffer) => (text += String(chunk)))
        stream.on('end', () => resolve(text))
      })
    const { handler } = stack(
      [
        fromKoa(async (ctx, next) => {
          if (ctx.path === '/koa') ctx.body = `koa read ${await read(ctx.req)}`
          else await next()
        }),
      ],
      async (r) => new Response(`view read ${await r.text()}`),
    )
    const post = (path: string) =>
      handler(request(path, { method: 'POST', body: 'payload' }))
    expect(await (await post('/koa')).text()).toBe('koa read payload')
    expect(await (await post('/view')).text()).toBe('view read payload')
    let empty: string | undefined
    const { handler: getHandler } = stack(
      [
        fromKoa(async (ctx) => {
          empty = await read(ctx.req)
        }),
      ],
      () => new Response('v'),
    )
    await getHandler(request())
    expect(empty).toBe('')
  })

  it('a request body that fails while Koa code reads it is an error on ctx.req', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('client went away'))
      },
    })
    let seen: unknown
    const { handler } = stack(
      [
        fromKoa(async (ctx) => {
          seen = await new Promise((resolve) => {
            ctx.req.on('error', resolve)
            ctx.req.resume()
          })
          ctx.body = 'handled'
        }),
      ],
      () => new Response('v'),
    )
    const response = await handler(
      new Request('http://testserver/', {
        method: 'POST',
        body: failing,
        duplex: 'half',
      } as RequestInit),
    )
    expect(await response.text()).toBe('handled')
    expect((seen as Error).message).toBe('client went away')
  })

  it('each request gets a fresh context and state', async () => {
    const states: unknown[] = []
    const { handler } = stack(
      [
        fromKoa(async (ctx, next) => {
          states.push(ctx.state.count)
          ctx.state.count = 1
          await next()
        }),
      ],
      () => new Response('v'),
    )
    await handler(request())
    await handler(request())
    expect(states).toEqual([undefined, undefined])
  })

  it('next() passes the same request object on to the inner layers', async () => {
    const original = request()
    let received: Request | undefined
    const { handler } = stack([fromKoa((ctx, next) => next())], (r) => {
      received = r
      return new Response('v')
    })
    await handler(original)
    expect(received).toBe(original)
  })
})

describe("the response, by Koa's respond rules", () => {
  const answer = (
    fn: KoaMiddleware,
    view: View = () => new Response('view'),
    init: RequestInit = {},
  ) => stack([fromKoa(fn)], view).handler(request('/view/', init))

  it('HEAD: the length of the body set, no body', async () => {
    const response = await answer(
      (ctx) => {
        ctx.body = 'hello'
      },
      undefined,
      { method: 'HEAD' },
    )
    expect(response.headers.get('content-length')).toBe('5')
    expect(response.body).toBeNull()
    const set = await answer(
      (ctx) => {
        ctx.body = Readable.from(['x'])
        ctx.length = 7
      },
      undefined,
      { method: 'HEAD' },
    )
    expect(set.headers.get('content-length')).toBe('7')
    const unknown = await answer(
      (ctx) => {
        ctx.body = Readable.from(['x'])
      },
      undefined,
      { method: 'HEAD' },
    )
    expect(unknown.headers.has('content-length')).toBe(false)
    const json = await answer(
      (ctx) => {
        ctx.body = { a: 1 }
      },
      undefined,
      { method: 'HEAD' },
    )
    expect(json.headers.get('content-length')).toBe('7')
  })

  it('an inner response without a body keeps its status: Koa sees an explicit empty body', async () => {
    const redirect = () =>
      new Response(null, { status: 302, headers: { location: '/next' } })
    const seen: unknown[] = []
    const view = redirect()
    const unchanged = stack(
      [
        fromKoa(async (ctx, next) => {
          await next()
          seen.push(ctx.status, ctx.body)
        }),
      ],
      () => view,
    )
    expect(await unchanged.handler(request())).toBe(view)
    expect(seen).toEqual([302, null])
    const changed = await answer(async (ctx, next) => {
      await next()
      ctx.set('x-after', '1')
    }, redirect)
    expect(changed.status).toBe(302)
    expect(changed.headers.get('location')).toBe('/next')
    expect(changed.headers.get('content-length')).toBe('0')
    expect(await changed.text()).toBe('')
  })

  it('a Node stream body is streamed; a Response body gives its status, headers and body', async () => {
    const stream = await answer((ctx) => {
      ctx.body = Readable.from(['a', 'b'])
    })
    expect(stream.headers.get('content-type')).toBe('application/octet-stream')
    expect(await stream.text()).toBe('ab')
    const source = Readable.from(['a', 'b'])
    const cancelled = await answer((ctx) => {
      ctx.body = source
    })
    await cancelled.body!.cancel()
    expect(source.destroyed).toBe(true)
    const response = await answer((ctx) => {
      ctx.body = new Response('made', { status: 201, headers: { 'x-made': '1' } })
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-made')).toBe('1')
    expect(await response.text()).toBe('made')
  })

  it('a status a Response cannot have is an error naming the group', async () => {
    const { handler, logger } = stack(
      [
        fromKoa(function early(ctx) {
          ctx.status = 102
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      "fromKoa(early): ctx.status is 102; a Response's status is from 200 to 599.",
    )
  })

  it('ctx.respond = false is an error naming the group', async () => {
    const { handler, logger } = stack(
      [
        fromKoa(function raw(ctx) {
          ctx.respond = false
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'fromKoa(raw): ctx.respond = false is not supported: the response is made ' +
        'from ctx.status, the headers and ctx.body, never written to ctx.res.',
    )
  })

  it('an inner response arriving after the group answered is cancelled', async () => {
    let cancelled = false
    let arrived!: () => void
    const later = new Promise<void>((resolve) => (arrived = resolve))
    const { handler } = stack(
      [
        fromKoa((ctx, next) => {
          void next()
        }),
      ],
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        setTimeout(arrived, 0)
        return new Response(
          new ReadableStream({
            cancel() {
              cancelled = true
              throw new Error('cannot stop')
            },
          }),
        )
      },
    )
    expect((await handler(request())).status).toBe(500)
    await later
    expect(cancelled).toBe(true)
  })

  it('a 4xx thrown with expose shows its message; a 5xx never does', async () => {
    const client = await answer((ctx) => ctx.throw(422, 'name is required'))
    expect(client.status).toBe(422)
    expect(await client.text()).toContain('name is required')
    const server = await answer((ctx) => ctx.throw(503, 'pool exhausted'))
    expect(server.status).toBe(503)
    expect(await server.text()).not.toContain('pool exhausted')
  })
})

describe('the Koa application', () => {
  it('option app: the Koa application given makes the context (its keys sign cookies)', async () => {
    const app = new Koa({ keys: ['k1'] })
    let seen: unknown
    const { handler } = stack(
      [
        fromKoa({ app }, (ctx) => {
          seen = ctx.app
          ctx.cookies.set('id', '7', { signed: true })
          ctx.body = 'ok'
        }),
      ],
      () => new Response('v'),
    )
    const response = await handler(request())
    expect(seen).toBe(app)
    expect(response.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual([
      'id',
      'id.sig',
    ])
  })

  it("option app as Koa's options: proxy trusts X-Forwarded-For and -Proto", async () => {
    const seen: unknown[] = []
    const { handler } = stack(
      [
        fromKoa({ app: { proxy: true } }, (ctx) => {
          seen.push(ctx.ip, ctx.protocol)
          ctx.body = 'ok'
        }),
      ],
      () => new Response('v'),
    )
    await handler(
      request('/', {
        headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
      }),
    )
    expect(seen).toEqual(['203.0.113.9', 'https'])
  })
})

describe('where fromKoa runs', () => {
  it('without Node (no process.getBuiltinModule): ImproperlyConfigured, saying why', () => {
    for (const runtime of [{}, { getBuiltinModule: undefined }]) {
      const load = () => loadKoa(runtime)
      expect(load).toThrow(ImproperlyConfigured)
      expect(load).toThrow(
        'fromKoa() needs Node.js (20.16 or later): Koa is built on node:http, and this ' +
          'runtime has no process.getBuiltinModule. Use shallot middleware here, or ' +
          'run this stack on Node.',
      )
    }
  })

  it('without the koa package: ImproperlyConfigured naming it', () => {
    const load = () => loadKoa(process, 'koa-is-not-installed')
    expect(load).toThrow(ImproperlyConfigured)
    expect(load).toThrow(
      'fromKoa() needs the koa-is-not-installed package (an optional peer dependency ' +
        'of shallot): npm install koa-is-not-installed.',
    )
  })

  it('on Node, Koa is loaded once', () => {
    expect(loadKoa()).toBe(loadKoa(process))
    expect(loadKoa().Koa).toBe(Koa)
  })
})

describe('validation, when the stack is built', () => {
  it.each<[string, unknown[], string]>([
    ['no function', [], 'fromKoa() needs at least one (ctx, next) function.'],
    [
      'a string',
      ['auth'],
      'fromKoa() middleware[0] is a string, not a (ctx, next) function.',
    ],
    [
      'undefined',
      [() => {}, undefined],
      'fromKoa() middleware[1] is undefined, not a (ctx, next) function.',
    ],
    [
      'an array',
      [[() => {}]],
      'fromKoa() middleware[0] is an array, not a (ctx, next) function. ' +
        'Spread the array: fromKoa(...functions).',
    ],
  ])('%s: ImproperlyConfigured', (_, entries, message) => {
    const build = () => fromKoa(...(entries as KoaMiddleware[]))
    expect(build).toThrow(ImproperlyConfigured)
    expect(build).toThrow(message)
  })

  it.each<[string, unknown[], string]>([
    [
      'a class',
      [class Auth {}],
      'fromKoa() middleware[0] is the class Auth, not a (ctx, next) function. ' +
        'A hook class goes through fromHooks(Auth).',
    ],
    [
      'options and no function',
      [{ app: {} }],
      'fromKoa() needs at least one (ctx, next) function.',
    ],
    [
      'an unknown option',
      [{ ap: {} }, () => {}],
      'fromKoa() has no option ap; its options are app.',
    ],
    [
      'an app that is neither',
      [{ app: 'koa' }, () => {}],
      'fromKoa() option app must be a Koa application or Koa\'s options, got "koa".',
    ],
  ])('%s: ImproperlyConfigured', (_, entries, message) => {
    const build = () => (fromKoa as (...args: unknown[]) => unknown)(...entries)
    expect(build).toThrow(ImproperlyConfigured)
    expect(build).toThrow(message)
  })
})

describe('properties', () => {
  it('for any group of pass-through functions, the response is the inner one and the calls go in, then out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('await', 'return', 'then'), {
          minLength: 1,
          maxLength: 6,
        }),
        async (styles) => {
          const log: string[] = []
          const fns = styles.map((style, index): KoaMiddleware => {
            if (style === 'await') {
              return async (ctx, next) => {
                log.push(`${index} in`)
                await next()
                log.push(`${index} out`)
              }
            }
            if (style === 'return') {
              return (ctx, next) => {
                log.push(`${index} in`)
                return next().then(() => {
                  log.push(`${index} out`)
                })
              }
            }
            return (ctx, next) => {
              log.push(`${index} in`)
              return next().finally(() => log.push(`${index} out`))
            }
          })
          const inner = new Response('view')
          const { handler } = stack([fromKoa(...fns)], () => {
            log.push('view')
            return inner
          })
          expect(await handler(request())).toBe(inner)
          const ins = styles.map((_, index) => `${index} in`)
          const outs = styles.map((_, index) => `${index} out`).reverse()
          expect(log).toEqual([...ins, 'view', ...outs])
        },
      ),
      { numRuns: 200 },
    )
  })
})
