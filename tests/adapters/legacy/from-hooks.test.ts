/**
 * `fromHooks` as Django's `MiddlewareMixin` (semantics.md §3, M2–M7), and the two
 * places where shallot answers where Django 4.2 crashes (D1, D2).
 */
import { describe, expect, it } from 'vitest'
import { fromHooks, type HookClass } from '../../../adapters/legacy/index.js'
import {
  createHandler,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type Handler,
  type View,
} from '../../../src/index.js'
import {
  calls,
  hookClass,
  layer,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  returns,
  returnsUndefined,
  templateResponse,
  type HookConfig,
} from '../../support/index.js'

function stack(
  log: string[],
  configs: { A?: HookConfig; B?: HookConfig; C?: HookConfig },
  view: View = recordingView(log),
) {
  const logger = recordingLogger()
  const handler = createHandler({
    middleware: [
      fromHooks(hookClass('A', log, configs.A)),
      fromHooks(hookClass('B', log, configs.B)),
      fromHooks(hookClass('C', log, configs.C)),
    ],
    view,
    logger,
  })
  return { handler, logger }
}

const errorsOf = (logger: ReturnType<typeof recordingLogger>) =>
  logger.at('error').map(recordText).join('\n')

describe('M2 — construction', () => {
  it('M2 — the constructor receives getResponse (the inner layers), once, at build time', async () => {
    const log: string[] = []
    const received: unknown[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(
          hookClass('A', log, {
            construct: (getResponse) => received.push(getResponse),
          }),
        ),
        fromHooks(hookClass('B', log)),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    expect(received).toHaveLength(1)
    const getResponse = received[0] as Handler
    expect(typeof getResponse).toBe('function')

    await handler(request())
    await handler(request())
    expect(received).toHaveLength(1)

    // Calling it runs B and the view, not A's own processRequest/processResponse
    // (A's processView is a layer hook of the stack, run before the view).
    log.length = 0
    const response = await getResponse(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(
      calls(
        'B.processRequest → A.processView → B.processView → view → B.processResponse[200]',
      ),
    )
  })

  it('M2 — the factory is named after the class (used in messages)', () => {
    expect(fromHooks(hookClass('Auth', [])).name).toBe('Auth')
  })

  it('M2 — fromHooks rejects a value that is not a class with ImproperlyConfigured, at once', () => {
    expect(() => fromHooks((() => ({})) as unknown as HookClass)).toThrow(
      ImproperlyConfigured,
    )
    expect(() => fromHooks('A' as unknown as HookClass)).toThrow(ImproperlyConfigured)
  })

  it('M2 — snake_case hooks (Django spelling) fail the build instead of being silently ignored', () => {
    class Snake {
      process_request() {
        return undefined
      }
    }
    expect(() =>
      createHandler({
        middleware: [fromHooks(Snake as unknown as HookClass)],
        view: () => new Response('view'),
      }),
    ).toThrow(ImproperlyConfigured)
  })
})

describe('M3 — __call__: processRequest, getResponse, processResponse', () => {
  it('M3 — a class with only processRequest and processResponse wraps the inner layers', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processRequest', 'processResponse'] })),
        fromHooks(hookClass('B', log, { only: ['processResponse'] })),
        fromHooks(hookClass('C', log, { only: ['processRequest'] })),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(
      calls(
        'A.processRequest → C.processRequest → view → B.processResponse[200] → A.processResponse[200]',
      ),
    )
  })

  it('M3 — a processRequest response skips the inner layers, processView, the view, processException and processTemplateResponse', async () => {
    const log: string[] = []
    const { handler } = stack(
      log,
      { B: { processRequest: respond('B.processRequest', 203) } },
      recordingView(log, raises(new Error('view'))),
    )
    const response = await handler(request())
    expect(response.status).toBe(203)
    expect(await response.text()).toBe('B.processRequest')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → B.processResponse[203] → A.processResponse[203]',
      ),
    )
  })

  it('M3 — processResponse receives the response of the inner layers and its result replaces it', async () => {
    const log: string[] = []
    const seen: unknown[] = []
    class Wrap {
      processResponse(_request: Request, response: Response) {
        seen.push(response)
        return new Response(`wrapped(${response.status})`, { status: 202 })
      }
    }
    const handler = createHandler({
      middleware: [fromHooks(hookClass('A', log)), fromHooks(Wrap)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(Response)
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('wrapped(200)')
    expect(log.at(-1)).toBe('A.processResponse[202]')
  })

  it('M3 — hooks are called on the instance (this is the object the constructor built)', async () => {
    class Counter {
      count = 0
      processRequest() {
        this.count += 1
        return undefined
      }
      processResponse(_request: Request, response: Response) {
        response.headers.set('x-count', String(this.count))
        return response
      }
      processView() {
        return this.count > 1 ? new Response('second') : undefined
      }
    }
    const handler = createHandler({
      middleware: [fromHooks(Counter)],
      view: () => new Response('first'),
      logger: recordingLogger(),
    })
    const first = await handler(request())
    expect(first.headers.get('x-count')).toBe('1')
    expect(await first.text()).toBe('first')
    const second = await handler(request())
    expect(second.headers.get('x-count')).toBe('2')
    expect(await second.text()).toBe('second')
  })
})

describe('M4 — processRequest raises', () => {
  it('M4 — its own processResponse does not run; the outer layer sees the converted response', async () => {
    const log: string[] = []
    const { handler } = stack(log, { B: { processRequest: raises(new Error('boom')) } })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls('A.processRequest → B.processRequest → A.processResponse[500]'),
    )
  })

  it('M4 — the same for a rejected promise from an async processRequest', async () => {
    const log: string[] = []
    const { handler } = stack(log, {
      B: { processRequest: raises(new Error('boom')), async: true },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls('A.processRequest → B.processRequest → A.processResponse[500]'),
    )
  })

  it('M4/N17 — processRequest returning something that is not a response (not null/undefined) is a 500 naming it', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      B: { processRequest: returns(() => 'nope') },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls('A.processRequest → B.processRequest → A.processResponse[500]'),
    )
    expect(errorsOf(logger)).toContain(
      "B.processRequest didn't return a Response object. It returned a string instead.",
    )
  })
})

describe('M5/D1 — processResponse returns nothing', () => {
  for (const [value, described] of [
    [undefined, 'undefined'],
    [null, 'null'],
  ] as const) {
    it(`M5/D1 — processResponse returning ${described}: a 500 at that layer, logged with Django's old wording`, async () => {
      const log: string[] = []
      const { handler, logger } = stack(log, {
        B: { processResponse: returns(() => value) },
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(log.slice(-3)).toEqual(
        calls(
          'C.processResponse[200] → B.processResponse[200] → A.processResponse[500]',
        ),
      )
      expect(errorsOf(logger)).toContain(
        `B.processResponse didn't return a Response object. It returned ${described} instead.`,
      )
    })
  }

  it('M5/D1 — an async processResponse resolving to undefined is the same 500', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      A: { processResponse: returnsUndefined, async: true },
    })
    const response = await handler(request())
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(500)
    expect(errorsOf(logger)).toContain(
      "A.processResponse didn't return a Response object. It returned undefined instead.",
    )
  })

  it('M5/D1 — a processResponse returning a non-response value names its type', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      C: { processResponse: returns(() => 42) },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(errorsOf(logger)).toMatch(
      /C\.processResponse didn't return a Response object\. It returned .*number.* instead\./,
    )
  })
})

describe('M7 — processView, processTemplateResponse and processException on a hook class', () => {
  it('M7/N6 — mixed with function layers: processView in stack order, the other two innermost first', async () => {
    const log: string[] = []
    const hooks = {
      processView: () => {
        log.push('X.processView')
      },
      processTemplateResponse: (_request: Request, response: unknown) => {
        log.push('X.processTemplateResponse')
        return response as Response
      },
      processException: () => {
        log.push('X.processException')
      },
    }
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processView', 'processException'] })),
        layer('X', log, { hooks }),
        fromHooks(hookClass('C', log, { only: ['processView', 'processException'] })),
      ],
      view: recordingView(log, raises(new Error('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'X.before → A.processView → X.processView → C.processView → view → C.processException(Error) → X.processException → A.processException(Error) → X.after[500]',
      ),
    )
  })

  it('M7 — processTemplateResponse of hook classes and function layers, innermost first, then one render', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processTemplateResponse'] })),
        layer('X', log, {
          hooks: {
            processTemplateResponse: (_request, response) => {
              log.push('X.processTemplateResponse')
              ;(response as ReturnType<typeof templateResponse>).context.mw.push('X')
              return response
            },
          },
        }),
        fromHooks(hookClass('C', log, { only: ['processTemplateResponse'] })),
      ],
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('TR[view]+C+X+A')
    expect(log).toEqual(
      calls(
        'X.before → view → C.processTemplateResponse → X.processTemplateResponse → A.processTemplateResponse → X.after[200]',
      ),
    )
  })
})

describe('D2 — template responses from processRequest and processResponse', () => {
  it('S53/D2 — a TemplateResponse from B.processResponse is rendered at B’s boundary, without processTemplateResponse; A sees a Response', async () => {
    const log: string[] = []
    const seenByA: unknown[] = []
    const { handler } = stack(log, {
      A: {
        only: ['processRequest', 'processResponse', 'processTemplateResponse'],
      },
      B: { processResponse: returns(() => templateResponse('B.processResponse')) },
    })
    class Probe {
      processResponse(_request: Request, response: unknown) {
        seenByA.push(response)
        return response as Response
      }
    }
    const probed = createHandler({
      middleware: [
        fromHooks(Probe),
        fromHooks(
          hookClass('B', [], { processResponse: returns(() => templateResponse('B')) }),
        ),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('TR[B.processResponse]')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → C.processRequest → B.processView → C.processView → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[200]',
      ),
    )
    const probedResponse = await probed(request())
    expect(seenByA).toHaveLength(1)
    expect(seenByA[0]).toBeInstanceOf(Response)
    expect(await probedResponse.text()).toBe('TR[B]')
  })

  it('S22/D2 — the TemplateResponse from B.processRequest reaches B.processResponse unrendered, and A a rendered Response', async () => {
    const seen: { B?: unknown; A?: unknown } = {}
    class A {
      processResponse(_request: Request, response: unknown) {
        seen.A = response
        return response as Response
      }
    }
    class B {
      processRequest() {
        return templateResponse('B.processRequest')
      }
      processResponse(_request: Request, response: unknown) {
        seen.B = response
        return response as Response
      }
    }
    const handler = createHandler({
      middleware: [fromHooks(A), fromHooks(B)],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(seen.B).not.toBeInstanceOf(Response)
    expect(typeof (seen.B as { render?: unknown }).render).toBe('function')
    expect(seen.A).toBeInstanceOf(Response)
    expect(await response.text()).toBe('TR[B.processRequest]')
  })
})

describe('N4/D6 — MiddlewareNotUsed from a hook class constructor', () => {
  it('N4/D6 — the class is left out and the debug log names the class', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processRequest'] })),
        fromHooks(
          hookClass('Disabled', log, {
            construct: () => {
              throw new MiddlewareNotUsed('disabled by config')
            },
          }),
        ),
        fromHooks(hookClass('C', log, { only: ['processRequest'] })),
      ],
      view: recordingView(log),
      logger,
      debug: true,
    })
    expect(logger.at('debug').map((record) => record.message)).toEqual([
      'MiddlewareNotUsed(Disabled): disabled by config',
    ])
    const response = await handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(calls('A.processRequest → C.processRequest → view'))
  })
})
