/**
 * `legacyStack` rule by rule (semantics.md §1, O1–O18, and §7.3), plus the
 * `MiddlewareNotUsed` logging of S31–S33, S44 and the build-time checks.
 * The scenarios S01–S30 are in legacy-scenarios.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  fromHooks,
  legacyStack,
  type HookClass,
} from '../../../adapters/legacy/index.js'
import {
  BadRequest,
  createHandler,
  HttpError,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  TemplateResponse,
  type Handler,
  type Logger,
  type View,
} from '../../../src/index.js'
import {
  calls,
  dynamic,
  failingTemplateResponse,
  hookClass,
  leaks,
  otherRealmResponse,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  responseShapedObject,
  returns,
  templateResponse,
  type HookConfig,
  type RecordingLogger,
} from '../../support/index.js'

interface Configs {
  readonly A?: HookConfig
  readonly B?: HookConfig
  readonly C?: HookConfig
}

function stack(
  log: string[],
  configs: Configs = {},
  view: View = recordingView(log),
  options: { debug?: boolean; logger?: RecordingLogger } = {},
): { handler: Handler; logger: RecordingLogger } {
  const logger = options.logger ?? recordingLogger()
  const handler = legacyStack({
    middleware: [
      hookClass('A', log, configs.A),
      hookClass('B', log, configs.B),
      hookClass('C', log, configs.C),
    ],
    view,
    debug: options.debug ?? false,
    logger,
  })
  return { handler, logger }
}

const errorText = (logger: RecordingLogger) =>
  logger.at('error').map(recordText).join('\n')

const REQUEST = 'A.processRequest → B.processRequest → C.processRequest'
const VIEWS = 'A.processView → B.processView → C.processView'
const RESPONSES = (status: number | string) =>
  `C.processResponse[${status}] → B.processResponse[${status}] → A.processResponse[${status}]`
const TEMPLATES =
  'C.processTemplateResponse → B.processTemplateResponse → A.processTemplateResponse'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('O1 — instantiation', () => {
  it('O1/§7.3 — classes are instantiated once, top to bottom, with no arguments, when legacyStack is called', async () => {
    const log: string[] = []
    const startup: string[] = []
    const received: unknown[][] = []
    const tracked = (name: string) =>
      ({
        [name]: class {
          constructor(...args: unknown[]) {
            startup.push(`${name}.constructor`)
            received.push(args)
          }
          processView() {
            return undefined
          }
        },
      })[name]!
    const handler = legacyStack({
      middleware: [tracked('A'), tracked('B'), tracked('C')],
      view: recordingView(log),
    })
    expect(startup).toEqual(['A.constructor', 'B.constructor', 'C.constructor'])
    expect(received).toEqual([[], [], []])

    await handler(request())
    await handler(request())
    expect(startup).toHaveLength(3)
    expect(log).toEqual(['view', 'view'])
  })

  it('O1 — hooks are called on the instance the constructor built', async () => {
    class Counter {
      count = 0
      processRequest() {
        this.count++
      }
      processResponse(_request: Request, response: Response) {
        response.headers.set('x-count', String(this.count))
        return response
      }
    }
    const handler = legacyStack({
      middleware: [Counter],
      view: () => new Response('ok'),
    })
    await handler(request())
    const response = await handler(request())
    expect(response.headers.get('x-count')).toBe('2')
  })

  it('O1 — any other error from a constructor fails the build, naming the class, with the error as cause', () => {
    const boom = new Error('no database')
    const Broken = class Broken {
      constructor() {
        throw boom
      }
    }
    let caught: unknown
    try {
      legacyStack({ middleware: [Broken], view: () => null })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ImproperlyConfigured)
    expect((caught as Error).message).toBe(
      'Broken cannot be built: its constructor threw Error: no database.',
    )
    expect((caught as Error).cause).toBe(boom)
  })
})

describe('O2 — MiddlewareNotUsed (S31–S33)', () => {
  const notUsed = (message?: string): HookConfig => ({
    construct: () => {
      throw new MiddlewareNotUsed(message)
    },
  })

  it('O2 — the class is left out completely: none of its hooks run', async () => {
    const log: string[] = []
    const { handler } = stack(log, { B: notUsed('off') }, () => {
      log.push('view')
      throw new Error('view')
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'A.processRequest → C.processRequest → A.processView → C.processView → view → ' +
          'C.processException(Error) → A.processException(Error) → ' +
          'C.processResponse[500] → A.processResponse[500]',
      ),
    )
  })

  it('S31/O2 — with debug off nothing is logged', () => {
    const logger = recordingLogger()
    stack([], { B: notUsed('disabled by config') }, undefined, { logger })
    expect(logger.records).toEqual([])
  })

  it('S31/O2 — with debug off and the default logger, console.debug is not called', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    legacyStack({
      middleware: [hookClass('B', [], notUsed('disabled by config'))],
      view: () => new Response('ok'),
    })
    expect(debug).not.toHaveBeenCalled()
  })

  it('S32/O2/D6 — with debug on: `MiddlewareNotUsed(B): disabled by config` at debug level, as createHandler words it', () => {
    const logger = recordingLogger()
    stack([], { B: notUsed('disabled by config') }, undefined, {
      logger,
      debug: true,
    })
    expect(logger.records.map((r) => [r.level, r.message])).toEqual([
      ['debug', 'MiddlewareNotUsed(B): disabled by config'],
    ])

    const newStyle = recordingLogger()
    createHandler({
      middleware: [fromHooks(hookClass('B', [], notUsed('disabled by config')))],
      view: () => new Response('ok'),
      debug: true,
      logger: newStyle,
    })
    expect(newStyle.records.map((r) => r.message)).toEqual(
      logger.records.map((r) => r.message),
    )
  })

  it('S33/O2/D6 — with debug on and no message: `MiddlewareNotUsed: B`', () => {
    const logger = recordingLogger()
    stack([], { B: notUsed() }, undefined, { logger, debug: true })
    expect(logger.records.map((r) => [r.level, r.message])).toEqual([
      ['debug', 'MiddlewareNotUsed: B'],
    ])
  })
})

describe('O3 — hook registration', () => {
  it('O3 — any subset of hooks; processRequest/processView in list order, the other three in reverse', async () => {
    const log: string[] = []
    const handler = legacyStack({
      middleware: [
        hookClass('A', log, { only: ['processRequest', 'processTemplateResponse'] }),
        hookClass('B', log, { only: ['processView', 'processResponse'] }),
        hookClass('C', log, {
          only: ['processRequest', 'processView', 'processException'],
        }),
        hookClass('E', log, { only: ['processTemplateResponse', 'processResponse'] }),
      ],
      view: () => {
        log.push('view')
        return failingTemplateResponse('view', log)
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'A.processRequest → C.processRequest → B.processView → C.processView → view → ' +
          'E.processTemplateResponse → A.processTemplateResponse → view.render → ' +
          'C.processException(Error) → E.processResponse[500] → B.processResponse[500]',
      ),
    )
  })

  it('O3 — hooks are looked up once, at build time: a method added later is never called', async () => {
    const log: string[] = []
    const instances: Record<string, unknown>[] = []
    class Late {
      constructor() {
        instances.push(this as unknown as Record<string, unknown>)
      }
      processView() {
        return undefined
      }
    }
    const handler = legacyStack({ middleware: [Late], view: recordingView(log) })
    instances[0]!.processRequest = () => {
      log.push('Late.processRequest')
    }
    await handler(request())
    expect(log).toEqual(['view'])
  })
})

describe('O4 — processRequest', () => {
  it('O4 — the first response skips the other processRequest, resolution, processView, the view and processException', async () => {
    const log: string[] = []
    const resolve = vi.fn(() => ({ view: recordingView(log) }))
    const handler = legacyStack({
      middleware: [
        hookClass('A', log),
        hookClass('B', log, { processRequest: respond('B.processRequest', 202) }),
        hookClass('C', log),
      ],
      resolve,
    })
    const response = await handler(request())
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('B.processRequest')
    expect(resolve).not.toHaveBeenCalled()
    expect(log).toEqual(
      calls(`A.processRequest → B.processRequest → ${RESPONSES(202)}`),
    )
  })

  it('O4/O18 — an answer that is not a response is a 500 naming the hook; every processResponse runs', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      B: { processRequest: returns(() => 'ok') },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(`A.processRequest → B.processRequest → ${RESPONSES(500)}`),
    )
    expect(errorText(logger)).toContain(
      "B.processRequest didn't return a Response object. It returned a string instead.",
    )
  })
})

describe('O5 — URL resolution', () => {
  it('O5/S39 — a resolver that finds nothing: 404 before any processView, no processException, every processResponse', async () => {
    const log: string[] = []
    const handler = legacyStack({
      middleware: [hookClass('A', log), hookClass('B', log)],
      resolve: () => undefined,
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → B.processResponse[404] → A.processResponse[404]',
      ),
    )
  })

  it('O5 — resolution runs after every processRequest, and an error from it skips processException', async () => {
    const log: string[] = []
    const handler = legacyStack({
      middleware: [hookClass('A', log)],
      resolve: async () => {
        log.push('resolve')
        throw new PermissionDenied('resolver')
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(403)
    expect(log).toEqual(calls('A.processRequest → resolve → A.processResponse[403]'))
  })
})

describe('O6 — processView', () => {
  it('O6 — receives the request, the resolved view, args and kwargs; the first response skips the rest and the view', async () => {
    const log: string[] = []
    const seen: unknown[] = []
    const article: View = () => new Response('article')
    class Spy {
      processView(request: Request, view: unknown, args: unknown, kwargs: unknown) {
        seen.push(request.url, view, args, kwargs)
      }
    }
    const handler = legacyStack({
      middleware: [
        Spy,
        hookClass('B', log, { processView: respond('B.processView') }),
        hookClass('C', log),
      ],
      resolve: () => ({ view: article, args: ['2024'], kwargs: { slug: 'hi' } }),
    })
    const response = await handler(request('/articles/2024/hi'))
    expect(await response.text()).toBe('B.processView')
    expect(seen).toEqual([
      'http://testserver/articles/2024/hi',
      article,
      ['2024'],
      { slug: 'hi' },
    ])
    expect(log).toEqual(
      calls(
        'B.processRequest → C.processRequest → B.processView → ' +
          'C.processResponse[200] → B.processResponse[200]',
      ),
    )
  })
})

describe('O7 — the view', () => {
  it('O7 — is called with the request, args and kwargs (empty for a single view)', async () => {
    const calledWith: unknown[][] = []
    const view: View = (...args) => {
      calledWith.push(args.slice(1))
      return new Response('ok')
    }
    await legacyStack({ middleware: [], view })(request())
    await legacyStack({
      middleware: [],
      resolve: () => ({ view, args: [1], kwargs: { a: 1 } }),
    })(request())
    expect(calledWith).toEqual([
      [[], {}],
      [[1], { a: 1 }],
    ])
  })
})

describe('O8 — processException', () => {
  it('O8 — with no answer, the original error is converted: its own status, its message in the debug body', async () => {
    const log: string[] = []
    const error = new HttpError(409, 'the original error')
    const { handler } = stack(log, {}, recordingView(log, raises(error)), {
      debug: true,
    })
    const response = await handler(request())
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('the original error')
  })

  it('O8 — an answer that is not a response is a 500 naming the hook; the remaining processException hooks are skipped', async () => {
    const log: string[] = []
    const { handler, logger } = stack(
      log,
      { B: { processException: returns(() => 42) } },
      recordingView(log, raises(new Error('view'))),
    )
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ${RESPONSES(500)}`,
      ),
    )
    expect(errorText(logger)).toContain(
      "B.processException didn't return a Response object. It returned a number instead.",
    )
  })

  it('O8 — processException receives the thrown value itself, Error or not', async () => {
    const thrown: unknown[] = []
    class Catcher {
      processException(_request: Request, error: unknown) {
        thrown.push(error)
        return new Response('caught')
      }
    }
    const value = { code: 7 }
    const handler = legacyStack({
      middleware: [Catcher],
      view: () => {
        throw value
      },
    })
    expect(await (await handler(request())).text()).toBe('caught')
    expect(thrown[0]).toBe(value)
  })
})

describe('O9 — the reach of processException', () => {
  const answering: HookConfig = { processException: respond('A.processException') }

  const sources: [string, Configs, (log: string[]) => View, number][] = [
    [
      'processRequest (S23, S52)',
      { B: { processRequest: raises(new Error('x')) } },
      (log) => recordingView(log),
      500,
    ],
    [
      'processView (S26)',
      { B: { processView: raises(new Error('x')) } },
      (log) => recordingView(log),
      500,
    ],
    [
      'processTemplateResponse (S18)',
      { B: { processTemplateResponse: raises(new Error('x')) } },
      (log) =>
        recordingView(
          log,
          returns(() => templateResponse('view')),
        ),
      500,
    ],
    [
      'processResponse (S27)',
      { B: { processResponse: raises(new Error('x')) } },
      (log) => recordingView(log),
      500,
    ],
  ]
  for (const [source, configs, view, status] of sources) {
    it(`O9 — an error from ${source} never reaches processException, though A’s would answer`, async () => {
      const log: string[] = []
      const { handler } = stack(log, { ...configs, A: answering }, view(log))
      const response = await handler(request())
      expect(response.status).toBe(status)
      expect(log.filter((entry) => entry.includes('processException'))).toEqual([])
    })
  }

  it('O9 — errors from the view and from render() do reach it', async () => {
    for (const view of [
      (log: string[]) => recordingView(log, raises(new Error('view'))),
      (log: string[]) =>
        recordingView(
          log,
          returns(() => failingTemplateResponse('view', log)),
        ),
    ]) {
      const log: string[] = []
      const { handler } = stack(log, { A: answering }, view(log))
      const response = await handler(request())
      expect(await response.text()).toBe('A.processException')
    }
  })
})

describe('O10 — the view returned nothing', () => {
  for (const [value, described] of [
    [undefined, 'undefined'],
    [null, 'null'],
  ] as const) {
    it(`O10/D7 — ${described}: a 500 logged as "The view <name> didn't return a Response object"`, async () => {
      const log: string[] = []
      const logger = recordingLogger()
      const handler = legacyStack({
        middleware: [hookClass('A', log)],
        view: function home() {
          return value
        },
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(leaks(await response.text())).toEqual([])
      expect(log).toEqual(
        calls('A.processRequest → A.processView → A.processResponse[500]'),
      )
      expect(errorText(logger)).toContain(
        `The view home didn't return a Response object. It returned ${described} instead.`,
      )
    })
  }

  it('O10/D7 — a view without a name is "anonymous"; debug shows the message in the body', async () => {
    const handler = legacyStack({
      middleware: [],
      view: [() => undefined][0]!,
      debug: true,
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toContain(
      "The view anonymous didn't return a Response object. It returned undefined instead.",
    )
  })

  it('O10/D7 — a view whose name is not a string is "anonymous", as createHandler names it', async () => {
    // The old-style handler printed the value (`The view 42`); both styles now share
    // one way of naming a view.
    const view = Object.defineProperty(() => undefined, 'name', { value: 42 })
    const logger = recordingLogger()
    const handler = legacyStack({ middleware: [], view, logger })
    expect((await handler(request())).status).toBe(500)
    expect(errorText(logger)).toContain(
      "The view anonymous didn't return a Response object. It returned undefined instead.",
    )
    expect(errorText(logger)).not.toContain('The view 42')
  })
})

describe('O11 — template responses', () => {
  it('S41/O11 — a TemplateResponse from processException goes through every processTemplateResponse and is rendered', async () => {
    const log: string[] = []
    const { handler } = stack(
      log,
      {
        B: { processException: returns(() => templateResponse('B.processException')) },
      },
      recordingView(log, raises(new Error('view'))),
    )
    const response = await handler(request())
    expect(await response.text()).toBe('TR[B.processException]+C+B+A')
    expect(log).toEqual(
      calls(
        `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ` +
          `${TEMPLATES} → ${RESPONSES(200)}`,
      ),
    )
  })

  it('O11 — processTemplateResponse may change the context, the status and the headers before rendering', async () => {
    class Retitle {
      processTemplateResponse(
        _request: Request,
        response: TemplateResponse<Record<string, unknown>>,
      ) {
        response.context.origin = 'retitled'
        response.status = 201
        response.headers.set('x-retitled', '1')
        return response
      }
    }
    const handler = legacyStack({
      middleware: [Retitle],
      view: () => templateResponse('view'),
    })
    const response = await handler(request())
    expect(response.status).toBe(201)
    expect(response.headers.get('x-retitled')).toBe('1')
    expect(await response.text()).toBe('TR[retitled]')
  })

  it('O11 — the template responses are rendered once, and processResponse receives the rendered Response', async () => {
    const received: unknown[] = []
    let renders = 0
    class Seen {
      processResponse(_request: Request, response: unknown) {
        received.push(response)
        return response as Response
      }
    }
    const handler = legacyStack({
      middleware: [Seen],
      view: () =>
        new TemplateResponse(() => {
          renders++
          return 'page'
        }, {}),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('page')
    expect(renders).toBe(1)
    expect(received[0]).toBeInstanceOf(Response)
  })

  it('O11 — render() raises and no processException answers: 500, every processResponse sees it', async () => {
    const log: string[] = []
    const { handler } = stack(
      log,
      {},
      recordingView(
        log,
        returns(() => failingTemplateResponse('view', log)),
      ),
    )
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log.slice(-4)).toEqual(
      calls(`A.processException(Error) → ${RESPONSES(500)}`),
    )
  })

  it('O11/N10 — a processTemplateResponse that answers with a plain Response ends the chain; it is not rendered again', async () => {
    const log: string[] = []
    const { handler } = stack(
      log,
      { B: { processTemplateResponse: respond('B.processTemplateResponse', 203) } },
      recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    )
    const response = await handler(request())
    expect(response.status).toBe(203)
    expect(await response.text()).toBe('B.processTemplateResponse')
    expect(log).toEqual(
      calls(
        `${REQUEST} → ${VIEWS} → view → C.processTemplateResponse → B.processTemplateResponse → ${RESPONSES(203)}`,
      ),
    )
  })
})

describe('O12 — exception → response conversion, as createHandler converts', () => {
  const errors: [string, unknown, number][] = [
    ['NotFound', new NotFound('secret detail'), 404],
    ['PermissionDenied', new PermissionDenied('secret detail'), 403],
    ['BadRequest', new BadRequest('secret detail'), 400],
    ['SuspiciousOperation', new SuspiciousOperation('secret detail'), 400],
    ['HttpError(409)', new HttpError(409, 'secret detail'), 409],
    ['Error', new Error('secret detail'), 500],
    ['a thrown string', 'secret detail', 500],
  ]
  for (const [name, error, status] of errors) {
    for (const debug of [false, true]) {
      it(`O12 — ${name} from the view → ${status} (debug ${debug ? 'on' : 'off'}), same body and log lines as createHandler`, async () => {
        const view = () => {
          throw error
        }
        const oldLogger = recordingLogger()
        const newLogger = recordingLogger()
        const old = await legacyStack({
          middleware: [],
          view,
          debug,
          logger: oldLogger,
        })(request())
        const neu = await createHandler({
          middleware: [],
          view,
          debug,
          logger: newLogger,
        })(request())
        expect(old.status).toBe(status)
        expect(neu.status).toBe(status)
        const body = await old.text()
        expect(body).toBe(await neu.text())
        expect(old.headers.get('content-type')).toBe(neu.headers.get('content-type'))
        if (debug) expect(body).toContain('secret detail')
        else expect(leaks(body, error)).toEqual([])
        expect(oldLogger.records).toEqual(newLogger.records)
      })
    }
  }

  it('O12 — an error in processRequest is converted once, then every processResponse sees the response', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      C: { processRequest: raises(new NotFound('C.processRequest')) },
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(calls(`${REQUEST} → ${RESPONSES(404)}`))
    expect(logger.records.map((r) => [r.level, r.message])).toEqual([
      ['warn', 'Not Found: GET /view/'],
    ])
  })
})

describe('S44/§7.3 — debug on and SuspiciousOperation', () => {
  it('S44/§7.3 — answers 400 through the normal response phase (Django 1.9 skipped every processResponse)', async () => {
    const log: string[] = []
    const error = new SuspiciousOperation('Invalid HTTP_HOST header')
    const { handler } = stack(log, {}, recordingView(log, raises(error)), {
      debug: true,
    })
    const response = await handler(request())
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Invalid HTTP_HOST header')
    expect(log).toEqual(
      calls(
        `${REQUEST} → ${VIEWS} → view → C.processException(SuspiciousOperation) → ` +
          `B.processException(SuspiciousOperation) → A.processException(SuspiciousOperation) → ` +
          RESPONSES(400),
      ),
    )
  })
})

describe('O13 — every processResponse runs', () => {
  it('O13 — in reverse list order, each receiving the previous one’s result', async () => {
    const log: string[] = []
    const { handler } = stack(log, {
      C: { processResponse: respond('C.processResponse', 201) },
      B: { processResponse: respond('B.processResponse', 202) },
    })
    const response = await handler(request())
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('B.processResponse')
    expect(log.slice(-3)).toEqual(
      calls('C.processResponse[200] → B.processResponse[201] → A.processResponse[202]'),
    )
  })
})

describe('O14 — processResponse returned nothing', () => {
  for (const [value, described] of [
    [undefined, 'undefined'],
    [null, 'null'],
    ['text', 'a string'],
  ] as const) {
    it(`O14 — ${described}: 500 naming the class, the remaining processResponse skipped`, async () => {
      const log: string[] = []
      const { handler, logger } = stack(log, {
        C: { processResponse: returns(() => value) },
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(leaks(await response.text())).toEqual([])
      expect(log.filter((entry) => entry.includes('processResponse'))).toEqual([
        'C.processResponse[200]',
      ])
      expect(errorText(logger)).toContain(
        `C.processResponse didn't return a Response object. It returned ${described} instead.`,
      )
    })
  }
})

describe('O15 — an exception in the response phase', () => {
  for (const [name, error] of [
    ['NotFound (S28)', new NotFound('B.processResponse')],
    ['PermissionDenied (S43)', new PermissionDenied('B.processResponse')],
    ['BadRequest', new BadRequest('B.processResponse')],
    ['a thrown string', 'B.processResponse'],
  ] as const) {
    it(`O15 — ${name} from processResponse is a 500 logged at error level; the earlier classes’ processResponse are skipped`, async () => {
      const log: string[] = []
      const { handler, logger } = stack(
        log,
        { B: { processResponse: raises(error) } },
        undefined,
        { debug: true },
      )
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(await response.text()).toContain('B.processResponse')
      expect(log.filter((entry) => entry.includes('processResponse'))).toEqual(
        calls('C.processResponse[200] → B.processResponse[200]'),
      )
      expect(logger.records.map((r) => [r.level, r.message])).toEqual([
        ['error', 'Internal Server Error: GET /view/'],
      ])
      expect(logger.records[0]!.details).toEqual([error])
    })
  }

  it('O15 — an async processResponse that rejects is the same 500', async () => {
    const log: string[] = []
    const { handler } = stack(log, {
      B: { processResponse: raises(new NotFound('late')), async: true },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log.filter((entry) => entry.includes('A.'))).toEqual(
      calls('A.processRequest → A.processView'),
    )
  })
})

describe('O16 — response fixes: HEAD, 204 and 304 leave without a body', () => {
  /** A body that records whether it was read or cancelled. */
  function trackedBody() {
    const state = { pulled: 0, cancelled: false }
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        state.pulled++
        controller.enqueue(new TextEncoder().encode('chunk'))
      },
      cancel() {
        state.cancelled = true
      },
    })
    return { stream, state }
  }

  it('O16 — HEAD: same status and headers, a null body; the body is cancelled, never read', async () => {
    const { stream, state } = trackedBody()
    const log: string[] = []
    const handler = legacyStack({
      middleware: [hookClass('A', log)],
      view: () =>
        new Response(stream, {
          status: 201,
          statusText: 'Made',
          headers: { 'x-kept': 'yes', 'content-type': 'text/csv' },
        }),
    })
    const response = await handler(request('/view/', { method: 'HEAD' }))
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Made')
    expect(response.headers.get('x-kept')).toBe('yes')
    expect(response.headers.get('content-type')).toBe('text/csv')
    expect(response.body).toBeNull()
    await Promise.resolve()
    expect(state.cancelled).toBe(true)
    // A stream pulls once to fill its queue when made; nothing reads past that.
    expect(state.pulled).toBeLessThanOrEqual(1)
    // The fix comes after every processResponse, which saw the full response.
    expect(log).toEqual(
      calls('A.processRequest → A.processView → A.processResponse[201]'),
    )
  })

  for (const status of [204, 304]) {
    it(`O16 — a ${status} response that carries a body leaves without it`, async () => {
      const { stream, state } = trackedBody()
      // The Fetch constructor refuses a body with these statuses; a response from
      // elsewhere (or a middleware that patched one) can still carry one.
      const odd = Object.defineProperty(new Response(stream), 'status', {
        value: status,
      })
      const handler = legacyStack({ middleware: [], view: () => odd })
      const response = await handler(request())
      expect(response.status).toBe(status)
      expect(response.body).toBeNull()
      await Promise.resolve()
      expect(state.cancelled).toBe(true)
    })
  }

  it('O16 — GET with an ordinary status is untouched: the same Response object', async () => {
    const original = new Response('body')
    const response = await legacyStack({ middleware: [], view: () => original })(
      request(),
    )
    expect(response).toBe(original)
  })

  it('O16 — HEAD with an error response: the converted page is emptied too', async () => {
    const response = await legacyStack({
      middleware: [],
      view: () => {
        throw new NotFound()
      },
      logger: recordingLogger(),
    })(request('/view/', { method: 'HEAD' }))
    expect(response.status).toBe(404)
    expect(response.body).toBeNull()
  })

  it('O15/O16 — a 500 from the response phase is not emptied for HEAD: Django 1.9 ran the fixes inside the same try', async () => {
    const { handler } = stack([], { A: { processResponse: raises(new Error('A')) } })
    const response = await handler(request('/view/', { method: 'HEAD' }))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500 Internal Server Error\n')
  })
})

describe('O17 — final render', () => {
  it('S53/O17 — a TemplateResponse from B.processResponse is rendered at the end, without processTemplateResponse', async () => {
    const log: string[] = []
    const { handler } = stack(log, {
      B: { processResponse: returns(() => templateResponse('B.processResponse')) },
    })
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('TR[B.processResponse]')
    expect(log).toEqual(
      calls(
        `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[200]`,
      ),
    )
  })

  it('O17 — render() raised and processException answered with a TemplateResponse: processResponse sees it unrendered, then it is rendered', async () => {
    const log: string[] = []
    const seen: unknown[] = []
    class Outer {
      processResponse(_request: Request, response: unknown) {
        seen.push(response)
        return response as Response
      }
    }
    const handler = legacyStack({
      middleware: [
        Outer,
        hookClass('C', log, {
          processException: returns(() => templateResponse('C.processException')),
        }),
      ],
      view: () => failingTemplateResponse('view', log),
    })
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('TR[C.processException]')
    expect(seen[0]).toBeInstanceOf(TemplateResponse)
    expect(log).toEqual(
      calls(
        'C.processRequest → C.processView → C.processTemplateResponse → view.render → ' +
          'C.processException(Error) → C.processResponse[200]',
      ),
    )
  })

  it('O17/O15 — a final render that fails is a 500', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      B: { processResponse: returns(() => failingTemplateResponse('B', log)) },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log.slice(-2)).toEqual(calls('A.processResponse[200] → B.render'))
    expect(errorText(logger)).toContain('Internal Server Error: GET /view/')
  })
  it.each([
    ['a string', () => 'rendered'],
    ['an instance of TemplateResponse', () => templateResponse('again')],
  ])(
    'O17/O15 — a final render that gives %s instead of a Response is a 500, named',
    async (described, make) => {
      const log: string[] = []
      const renderable = { render: make }
      const { handler, logger } = stack(log, {
        B: { processResponse: returns(() => renderable) },
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(errorText(logger)).toContain(
        `render() didn't return a Response object. It returned ${described} instead.`,
      )
    },
  )

  it('O17 — a final render that gives a Response from another copy of the Fetch classes sends it as it is', async () => {
    const log: string[] = []
    const foreign = otherRealmResponse(null, {
      status: 203,
      headers: { 'x-realm': 'other' },
    })
    const { handler } = stack(log, {
      B: { processResponse: returns(() => ({ render: () => foreign })) },
    })
    expect(await handler(request())).toBe(foreign)
  })

  it('O17 — a final render that gives a plain object shaped like a response: a 500', async () => {
    const log: string[] = []
    const { handler, logger } = stack(log, {
      B: { processResponse: returns(() => ({ render: () => responseShapedObject() })) },
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(errorText(logger)).toContain(
      "render() didn't return a Response object. It returned an object instead.",
    )
  })
})

describe('O18 — "returns a response" means not undefined or null', () => {
  it('O18 — null passes on from processRequest, processView and processException, as undefined does', async () => {
    const log: string[] = []
    const nothing = returns(() => null)
    const { handler } = stack(
      log,
      {
        A: { processRequest: nothing, processView: nothing, processException: nothing },
      },
      recordingView(log, raises(new Error('view'))),
    )
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toContain('A.processException(Error)')
    expect(log).toContain('C.processView')
  })

  it('O18 — a falsy value that is not null/undefined (0, "") is an answer, and not a response: 500', async () => {
    for (const value of [0, '', false]) {
      const log: string[] = []
      const { handler, logger } = stack(log, {
        A: { processView: returns(() => value) },
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(log).not.toContain('B.processView')
      expect(errorText(logger)).toContain(
        "A.processView didn't return a Response object.",
      )
    }
  })
})

describe('legacyStack build errors (ImproperlyConfigured)', () => {
  const build = (options: unknown) => () =>
    legacyStack(options as Parameters<typeof legacyStack>[0])

  it('O1 — rejects a middleware list that is not an array', () => {
    expect(build({ middleware: 'A', view: () => null })).toThrow(ImproperlyConfigured)
  })

  it('O1 — rejects an entry that is not a class, naming its position', () => {
    expect(build({ middleware: [class A {}, () => {}], view: () => null })).toThrow(
      'legacyStack() middleware[1] must be a class with process* hooks, got an arrow function.',
    )
    expect(build({ middleware: dynamic(['A']), view: () => null })).toThrow(
      'legacyStack() middleware[0] must be a class with process* hooks, got a string.',
    )
  })

  it('O5 — rejects both or neither of view and resolve', () => {
    const message = /legacyStack\(\) needs exactly one of view .* and resolve/
    expect(build({ middleware: [] })).toThrow(message)
    expect(
      build({ middleware: [], view: () => null, resolve: () => undefined }),
    ).toThrow(message)
    expect(build({ middleware: [], view: 'home' })).toThrow(message)
  })

  it('O3 — rejects Django’s snake_case hook names with the message fromHooks uses', () => {
    class Legacy {
      process_request() {}
    }
    const error = (run: () => unknown) => {
      try {
        run()
      } catch (caught) {
        return caught as Error
      }
      throw new Error('expected a throw')
    }
    const old = error(build({ middleware: [Legacy], view: () => null }))
    const neu = error(() =>
      createHandler({
        middleware: [fromHooks(Legacy as HookClass)],
        view: () => null,
      }),
    )
    expect(old).toBeInstanceOf(ImproperlyConfigured)
    expect(old.message).toBe(
      'Legacy defines process_request (write processRequest): shallot calls camelCase hooks only.',
    )
    expect(old.message).toBe(neu.message)
  })
})

describe('the same hook classes under fromHooks and legacyStack', () => {
  it('§7.3 — classes whose constructor ignores its argument run unchanged under both', async () => {
    const received: unknown[] = []
    const log: string[] = []
    class Timing {
      constructor(getResponse?: unknown) {
        received.push(getResponse)
      }
      processRequest() {
        log.push('Timing.processRequest')
      }
      processResponse(_request: Request, response: Response) {
        log.push(`Timing.processResponse[${response.status}]`)
        response.headers.set('x-timing', '1')
        return response
      }
    }
    class Auth {
      processView(request: Request) {
        log.push('Auth.processView')
        if (!request.headers.has('authorization'))
          return new Response('log in', { status: 401 })
      }
    }
    const middleware: HookClass[] = [Timing, Auth]
    const view = recordingView(log)
    const logger: Logger = recordingLogger()
    const newStyle = createHandler({
      middleware: middleware.map((HookClass) => fromHooks(HookClass)),
      view,
      logger,
    })
    const oldStyle = legacyStack({ middleware, view, logger })
    expect(received).toHaveLength(2)
    expect(typeof received[0]).toBe('function')
    expect(received[1]).toBeUndefined()

    const results = []
    for (const handler of [newStyle, oldStyle]) {
      log.length = 0
      const response = await handler(request())
      results.push({
        status: response.status,
        body: await response.text(),
        header: response.headers.get('x-timing'),
        log: [...log],
      })
    }
    expect(results[0]).toEqual({
      status: 401,
      body: 'log in',
      header: '1',
      log: calls(
        'Timing.processRequest → Auth.processView → Timing.processResponse[401]',
      ),
    })
    expect(results[1]).toEqual(results[0])
  })
})
