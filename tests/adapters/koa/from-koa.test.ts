/**
 * `fromKoa`: Koa-style `(ctx, next)` functions as one layer of a shallot stack. The
 * onion is Django's (N18); errors from inside the group come out of `next()` as in
 * Koa, errors from the inner layers do not (N2); the response is the inner one unless
 * something changed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fromKoa,
  type KoaContext,
  type KoaMiddleware,
} from '../../../adapters/koa/index.js'
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
    [404, 'NotFound'],
    [403, 'PermissionDenied'],
    [400, 'BadRequest'],
    [418, 'HttpError'],
  ])(
    'ctx.throw(%i) throws %s, which the boundary answers with that status',
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
    const { handler, logger } = stack(
      [fromKoa((ctx) => ctx.throw(302))],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'HttpError status must be an integer from 400 to 599, got 302.',
    )
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

  it('ctx.status rejects a value a Response cannot have', async () => {
    const { handler, logger } = stack(
      [
        fromKoa((ctx) => {
          ctx.status = 42
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'ctx.status must be an integer from 200 to 599, got 42.',
    )
  })

  it('ctx.status names a string as a string', async () => {
    const { handler, logger } = stack(
      [
        fromKoa((ctx) => {
          ctx.status = '201' as unknown as number
        }),
      ],
      () => new Response('v'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'ctx.status must be an integer from 200 to 599, got "201".',
    )
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
    // The one status table's phrase (RFC 9110), as every adapter names it.
    const tooLarge = await answer((ctx) => {
      ctx.status = 413
    })
    expect(await tooLarge.text()).toBe('Content Too Large')
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
    ['a Uint8Array', encoder.encode('bytes'), 'application/octet-stream', 'bytes'],
    [
      'an ArrayBuffer',
      encoder.encode('buffer').buffer,
      'application/octet-stream',
      'buffer',
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

  it('null: 204 while no status is set; an explicit status stays', async () => {
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
    expect(explicit.status).toBe(202)
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

  it('a content length set with ctx.set is kept when the body is replaced; otherwise the inner one is dropped', async () => {
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
    expect(dropped.headers.has('content-length')).toBe(false)
    expect(await dropped.text()).toBe('hello!')
  })

  it('after next(): ctx shows the inner response; replacing the body sets its type and keeps the status', async () => {
    const seen: unknown[] = []
    const response = await answer(
      async (ctx, next) => {
        seen.push(ctx.status, ctx.body, ctx.response)
        await next()
        seen.push(ctx.status, ctx.body instanceof ReadableStream, ctx.response?.status)
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
    expect(seen).toEqual([404, undefined, undefined, 201, true, 201])
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('content-length')).toBeNull()
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

  it('headers set before next() are kept unless the inner response has them; cookies add up', async () => {
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
    expect(response.headers.getSetCookie()).toEqual(['b=2', 'a=1'])
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

  it('reading ctx.response and leaving ctx.body as it was is an error that says what to do', async () => {
    const { handler, logger } = stack(
      [
        fromKoa(async (ctx, next) => {
          await next()
          await ctx.response!.text()
          ctx.set('x-read', '1')
        }),
      ],
      () => new Response('view'),
    )
    expect((await handler(request())).status).toBe(500)
    expect(errorsOf(logger)).toContain(
      'fromKoa(anonymous): ctx.body is a stream that was already read. After reading ' +
        'ctx.response, set ctx.body to what you read.',
    )
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
    ['unchanged', async (ctx, next) => await next()],
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
  it('method, url, path, query, get and a state shared by the group', async () => {
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
              ctx.query.getAll('tag'),
              ctx.get('X-Request-Id'),
              ctx.get('x-missing'),
              ctx.state.user,
              ctx.request.url,
            )
            ctx.body = 'ok'
          },
        ),
      ],
      () => new Response('v'),
    )
    await handler(
      request('/search?tag=a&tag=b', {
        method: 'POST',
        headers: { 'x-request-id': 'r1' },
      }),
    )
    expect(seen).toEqual([
      'POST',
      '/search?tag=a&tag=b',
      '/search',
      ['a', 'b'],
      'r1',
      '',
      'ada',
      'http://testserver/search?tag=a&tag=b',
    ])
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
