/**
 * Building a stack: Django's `load_middleware` (N1, N4, N5, N6, D6) and the
 * `ImproperlyConfigured` checks of the contract.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  createHandler,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type AnyMiddleware,
  type Handler,
} from '../../src/index.js'
import {
  calls,
  dynamic,
  hookClass,
  layer,
  named,
  passThrough,
  recordingLogger,
  recordingView,
  request,
} from '../support/index.js'

const view = () => new Response('view')

function buildError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected the build to fail')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('N1 — factories are called once, bottom-up, at build time', () => {
  it('N1 — function factories run bottom-up when the handler is built, never per request', async () => {
    const startup: string[] = []
    const handler = createHandler({
      middleware: [
        passThrough('A', startup),
        passThrough('B', startup),
        passThrough('C', startup),
      ],
      view,
      logger: recordingLogger(),
    })
    expect(startup).toEqual(['C.factory', 'B.factory', 'A.factory'])
    for (let i = 0; i < 5; i++) await handler(request())
    expect(startup).toEqual(['C.factory', 'B.factory', 'A.factory'])
  })

  it('N1/S01 — hook class constructors run C, B, A at build time, once', async () => {
    const startup: string[] = []
    const log: string[] = []
    const make = (name: string) =>
      fromHooks(hookClass(name, log, { construct: () => startup.push(`${name}.init`) }))
    const handler = createHandler({
      middleware: [make('A'), make('B'), make('C')],
      view,
      logger: recordingLogger(),
    })
    expect(startup).toEqual(['C.init', 'B.init', 'A.init'])
    expect(log).toEqual([])
    await handler(request())
    await handler(request())
    expect(startup).toEqual(['C.init', 'B.init', 'A.init'])
  })

  it('N1 — the first entry is the outermost layer (a right fold)', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [layer('A', log), layer('B', log), layer('C', log)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    await handler(request())
    expect(log).toEqual(
      calls(
        'A.before → B.before → C.before → view → C.after[200] → B.after[200] → A.after[200]',
      ),
    )
  })

  it('N1 — each factory receives the handler of the layers below it', async () => {
    const log: string[] = []
    const received: Handler[] = []
    const spy: AnyMiddleware = named('Spy', (getResponse: Handler) => {
      received.push(getResponse)
      return getResponse
    })
    createHandler({
      middleware: [layer('A', log), spy, layer('C', log)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    expect(received).toHaveLength(1)
    const response = await received[0]!(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(calls('C.before → view → C.after[200]'))
  })

  it('N1 — two handlers built from the same factories are independent', async () => {
    const startup: string[] = []
    const factories = [passThrough('A', startup), passThrough('B', startup)]
    createHandler({ middleware: dynamic(factories), view, logger: recordingLogger() })
    createHandler({ middleware: dynamic(factories), view, logger: recordingLogger() })
    expect(startup).toEqual(['B.factory', 'A.factory', 'B.factory', 'A.factory'])
  })
})

describe('N4/D6 — MiddlewareNotUsed', () => {
  const notUsed = (name: string, message?: string): AnyMiddleware =>
    named(name, () => {
      throw new MiddlewareNotUsed(message)
    })

  it('N4 — a factory that throws MiddlewareNotUsed is left out; the chain closes over the gap', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [layer('A', log), notUsed('B', 'off'), layer('C', log)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(
      calls('A.before → C.before → view → C.after[200] → A.after[200]'),
    )
  })

  it('N4 — the hooks of a left-out layer are not collected', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processView', 'processException'] })),
        fromHooks(
          hookClass('B', log, {
            construct: () => {
              throw new MiddlewareNotUsed()
            },
          }),
        ),
      ],
      view: () => {
        throw new Error('view')
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('A.processView → A.processException(Error)'))
  })

  it('D6 — with debug on: `MiddlewareNotUsed(<name>): <message>` at debug level', () => {
    const logger = recordingLogger()
    createHandler({
      middleware: [passThrough('A', []), notUsed('B', 'disabled by config')],
      view,
      logger,
      debug: true,
    })
    expect(logger.records.map((record) => [record.level, record.message])).toEqual([
      ['debug', 'MiddlewareNotUsed(B): disabled by config'],
    ])
  })

  it('D6 — with debug on and no message: `MiddlewareNotUsed: <name>`', () => {
    const logger = recordingLogger()
    createHandler({ middleware: [notUsed('B')], view, logger, debug: true })
    expect(logger.records.map((record) => [record.level, record.message])).toEqual([
      ['debug', 'MiddlewareNotUsed: B'],
    ])
  })

  it('D6 — an anonymous factory is named `anonymous`', () => {
    const logger = recordingLogger()
    const anonymous = [
      () => {
        throw new MiddlewareNotUsed()
      },
    ][0]!
    createHandler({ middleware: [anonymous], view, logger, debug: true })
    expect(logger.records.map((record) => record.message)).toEqual([
      'MiddlewareNotUsed: anonymous',
    ])
  })

  it('D6 — with debug off nothing is logged at any level, and the layer is still left out', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [notUsed('B', 'disabled by config'), layer('C', log)],
      view: recordingView(log),
      logger,
    })
    expect(logger.records).toEqual([])
    await handler(request())
    expect(log).toEqual(calls('C.before → view → C.after[200]'))
    expect(logger.records).toEqual([])
  })

  it('D6 — the default logger (console) gets the debug line only when debug is on', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    createHandler({ middleware: [notUsed('B', 'off')], view })
    expect(debug).not.toHaveBeenCalled()
    createHandler({ middleware: [notUsed('B', 'off')], view, debug: true })
    expect(debug).toHaveBeenCalledTimes(1)
    expect(debug.mock.calls[0]?.[0]).toBe('MiddlewareNotUsed(B): off')
  })

  it('N4 — every factory may be left out: the view alone answers', async () => {
    const handler = createHandler({
      middleware: [notUsed('A'), notUsed('B')],
      view,
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('view')
  })
})

describe('N5 — a factory that returns something that is not a function', () => {
  it('N5/S34 — `Middleware factory <name> returned undefined.`; factories below it already ran, those above did not', () => {
    const startup: string[] = []
    const empty = named('empty', () => {
      startup.push('empty.factory')
      return undefined
    }) as unknown as AnyMiddleware
    const error = buildError(() =>
      createHandler({
        middleware: [passThrough('A', startup), empty, passThrough('C', startup)],
        view,
        logger: recordingLogger(),
      }),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect((error as Error).message).toBe(
      'Middleware factory empty returned undefined.',
    )
    expect(startup).toEqual(['C.factory', 'empty.factory'])
  })

  it('N5 — null is named `null`', () => {
    const error = buildError(() =>
      createHandler({
        middleware: dynamic([named('nothing', () => null)]),
        view,
      }),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect((error as Error).message).toBe('Middleware factory nothing returned null.')
  })

  it('N5 — another value is described by its type', () => {
    for (const [value, type] of [
      [42, 'number'],
      ['text', 'string'],
      [new Response('x'), 'Response'],
    ] as const) {
      const error = buildError(() =>
        createHandler({ middleware: dynamic([named('odd', () => value)]), view }),
      )
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect((error as Error).message).toMatch(
        new RegExp(`^Middleware factory odd returned .*${type}.*\\.$`),
      )
    }
  })

  it('N5 — an anonymous factory is named `anonymous`', () => {
    const error = buildError(() =>
      createHandler({ middleware: dynamic([[() => undefined][0]]), view }),
    )
    expect((error as Error).message).toBe(
      'Middleware factory anonymous returned undefined.',
    )
  })

  it('N5 — any other error thrown by a factory fails the build unchanged', () => {
    const failure = new RangeError('bad setting')
    const error = buildError(() =>
      createHandler({
        middleware: dynamic([
          named('broken', () => {
            throw failure
          }),
        ]),
        view,
      }),
    )
    expect(error).toBe(failure)
  })
})

describe('ImproperlyConfigured — the stack as configured cannot be built', () => {
  for (const [entry, label] of [
    ['auth', 'a string'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ processRequest() {} }, 'an object'],
    [7, 'a number'],
  ] as const) {
    it(`N5 — an entry that is ${label} fails the build naming its position`, () => {
      const startup: string[] = []
      const error = buildError(() =>
        createHandler({
          middleware: dynamic([
            passThrough('A', startup),
            passThrough('B', startup),
            entry,
          ]),
          view,
        }),
      )
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect((error as Error).message).toMatch(/\[2\]|(position|entry|index) 2\b/)
    })
  }

  it('N5/N7 — options with both view and resolve fail the build', () => {
    const error = buildError(() =>
      createHandler({
        middleware: [],
        view,
        resolve: () => ({ view }),
      } as unknown as Parameters<typeof createHandler>[0]),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect((error as Error).message).toMatch(/view/)
    expect((error as Error).message).toMatch(/resolve/)
  })

  it('N5/N7 — options with neither view nor resolve fail the build', () => {
    const error = buildError(() =>
      createHandler({ middleware: [] } as unknown as Parameters<
        typeof createHandler
      >[0]),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect((error as Error).message).toMatch(/view/)
    expect((error as Error).message).toMatch(/resolve/)
  })

  it('N5/N7 — a view that is not a function fails the build', () => {
    const error = buildError(() =>
      createHandler({ middleware: [], view: 'home' as never }),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
  })
})

describe('N6 — hooks found on the handlers the factories return', () => {
  it('N6 — processView in stack order; processTemplateResponse and processException innermost first', async () => {
    const log: string[] = []
    const withHooks = (name: string) =>
      layer(name, log, {
        hooks: {
          processView: () => {
            log.push(`${name}.processView`)
          },
          processException: () => {
            log.push(`${name}.processException`)
          },
        },
      })
    const handler = createHandler({
      middleware: [withHooks('A'), withHooks('B'), withHooks('C')],
      view: recordingView(log, { kind: 'throws', error: () => new Error('view') }),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'A.before → B.before → C.before → A.processView → B.processView → C.processView → view → C.processException → B.processException → A.processException → C.after[500] → B.after[500] → A.after[500]',
      ),
    )
  })

  it('N6/S40 — a plain handler carrying processException has it called', async () => {
    const seen: unknown[] = []
    const failure = new Error('view')
    const plain: AnyMiddleware = (getResponse: Handler) =>
      Object.assign((request: Request) => getResponse(request), {
        processException: (_request: Request, error: unknown) => {
          seen.push(error)
          return new Response('handled', { status: 299 })
        },
      })
    const handler = createHandler({
      middleware: [plain],
      view: () => {
        throw failure
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(299)
    expect(seen).toEqual([failure])
  })

  it('N6 — hooks are collected once, at build time: a hook added later is never called', async () => {
    const log: string[] = []
    let layerHandler: (Handler & { processView?: unknown }) | undefined
    const late: AnyMiddleware = (getResponse: Handler) => {
      layerHandler = (request: Request) => getResponse(request)
      return layerHandler
    }
    const handler = createHandler({
      middleware: [late],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    layerHandler!.processView = () => {
      log.push('late.processView')
      return new Response('late')
    }
    const response = await handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(['view'])
  })

  it('N6 — hooks are called with the layer as `this`', async () => {
    const factory: AnyMiddleware = (getResponse: Handler) => {
      const handler = Object.assign((request: Request) => getResponse(request), {
        answer: 'from this',
        processView(this: { answer: string }) {
          return new Response(this.answer)
        },
      })
      return handler
    }
    const handler = createHandler({
      middleware: [factory],
      view,
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('from this')
  })
})
