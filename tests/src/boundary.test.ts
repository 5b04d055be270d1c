/**
 * The thin film between the layers (Django's `convert_exception_to_response`): N2,
 * N3, N13 with D1/D2 at a layer boundary, and the onion (N18).
 */
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  BadRequest,
  createHandler,
  HttpError,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  type AnyMiddleware,
  type Handler,
} from '../../src/index.js'
import {
  calls,
  dynamic,
  failingTemplateResponse,
  hookClass,
  layer,
  named,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  returns,
  templateResponse,
} from '../support/index.js'

class Gone extends HttpError {
  constructor() {
    super(410, 'gone for good')
    this.name = 'Gone'
  }
}

const thrown: ReadonlyArray<readonly [string, () => unknown, number]> = [
  ['NotFound', () => new NotFound('x'), 404],
  ['PermissionDenied', () => new PermissionDenied('x'), 403],
  ['BadRequest', () => new BadRequest('x'), 400],
  ['SuspiciousOperation', () => new SuspiciousOperation('x'), 400],
  ['HttpError(409)', () => new HttpError(409, 'x'), 409],
  ['HttpError(503)', () => new HttpError(503, 'x'), 503],
  ['an HttpError subclass (410)', () => new Gone(), 410],
  ['Error', () => new Error('x'), 500],
  ['TypeError', () => new TypeError('x'), 500],
  ['a string', () => 'x', 500],
  ['null', () => null, 500],
  ['undefined', () => undefined, 500],
  ['a number', () => 42, 500],
  ['an object without prototype', () => Object.create(null) as unknown, 500],
  // The http-errors convention (Koa, Express, Middy): a numeric status from 400 to 599.
  ['a plain object with a status', () => ({ status: 404, message: 'x' }), 404],
  [
    'an Error with a statusCode',
    () => Object.assign(new Error('x'), { statusCode: 422 }),
    422,
  ],
  ['a plain object with a status out of range', () => ({ status: 302 }), 500],
  ['a rejected promise of an Error', () => new Error('x'), 500],
]

describe('N3 — exception → response mapping', () => {
  for (const [label, make, status] of thrown) {
    it(`N3 — ${label} thrown by the view becomes ${status}`, async () => {
      const log: string[] = []
      const handler = createHandler({
        middleware: [layer('A', log)],
        view:
          label === 'a rejected promise of an Error'
            ? () => Promise.reject(make())
            : () => {
                throw make()
              },
        logger: recordingLogger(),
      })
      const response = await handler(request())
      expect(response).toBeInstanceOf(Response)
      expect(response.status).toBe(status)
      expect(log).toEqual([`A.before`, `A.after[${status}]`])
    })

    for (const debug of [false, true]) {
      it(`N3 — ${label} thrown by a layer becomes ${status} at its boundary (debug ${debug ? 'on' : 'off'})`, async () => {
        const log: string[] = []
        const handler = createHandler({
          middleware: [layer('A', log), layer('B', log, { before: raises(make()) })],
          view: recordingView(log),
          logger: recordingLogger(),
          debug,
        })
        const response = await handler(request())
        expect(response).toBeInstanceOf(Response)
        expect(response.status).toBe(status)
        await expect(response.text()).resolves.toEqual(expect.any(String))
        expect(log).toEqual(['A.before', 'B.before', `A.after[${status}]`])
      })
    }
  }
})

describe('N2 — every layer is wrapped', () => {
  it('N2 — a view exception is converted before the innermost layer sees it; every layer gets a Response', async () => {
    const log: string[] = []
    const received: unknown[] = []
    const probe = (name: string): AnyMiddleware =>
      named(name, (getResponse: Handler) => async (request: Request) => {
        const response = await getResponse(request).catch((error: unknown) => {
          received.push(error)
          throw error
        })
        received.push(response)
        log.push(`${name}.after[${response.status}]`)
        return response
      })
    const handler = createHandler({
      middleware: [probe('A'), probe('B'), probe('C')],
      view: recordingView(log, raises(new NotFound('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(calls('view → C.after[404] → B.after[404] → A.after[404]'))
    expect(received).toHaveLength(3)
    for (const value of received) expect(value).toBeInstanceOf(Response)
  })

  it('N2 — an exception in a layer’s after-code is converted at that layer; the outer layer sees the response', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        layer('A', log),
        layer('B', log, { after: raises(new PermissionDenied('B')) }),
        layer('C', log),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(403)
    expect(log).toEqual(
      calls(
        'A.before → B.before → C.before → view → C.after[200] → B.after[200] → A.after[403]',
      ),
    )
  })

  it('N2 — a synchronous throw from a non-async layer handler is converted too', async () => {
    const log: string[] = []
    const sync: AnyMiddleware = named('Sync', () => () => {
      throw new BadRequest('sync')
    })
    const handler = createHandler({
      middleware: [layer('A', log), sync],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(400)
    expect(log).toEqual(calls('A.before → A.after[400]'))
  })

  it('N2 — the handler never rejects, even when the outermost layer throws', async () => {
    const handler = createHandler({
      middleware: [layer('A', [], { before: raises('not even an Error') })],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
  })
})

describe('D1 — a layer whose handler returns something that is not a response', () => {
  for (const [value, described] of [
    [undefined, 'undefined'],
    [null, 'null'],
  ] as const) {
    it(`D1/S37 — returning ${described}: a 500 at its boundary, \`Middleware <name> didn't return ...\`, outer layers see it`, async () => {
      const log: string[] = []
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [
          layer('A', log),
          layer('timing', log, { after: returns(() => value) }),
          layer('C', log),
        ],
        view: recordingView(log),
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(log).toEqual(
        calls(
          'A.before → timing.before → C.before → view → C.after[200] → timing.after[200] → A.after[500]',
        ),
      )
      const errors = logger.at('error').map(recordText).join('\n')
      expect(errors).toContain(
        `Middleware timing didn't return a Response object. It returned ${described} instead.`,
      )
    })
  }

  it('D1 — another value is described by its type (`It returned <type> instead.`)', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('odd', [], { before: returns(() => 'text') })],
      view: () => new Response('view'),
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.at('error').map(recordText).join('\n')).toMatch(
      /Middleware odd didn't return a Response object\. It returned .*string.* instead\./,
    )
  })

  it('D1 — a layer that forgot to return (no return statement) is named', async () => {
    const logger = recordingLogger()
    const forgetful = named('forgetful', (getResponse: Handler) => {
      return async (request: Request) => {
        await getResponse(request)
      }
    })
    const handler = createHandler({
      middleware: dynamic([forgetful]),
      view: () => new Response('view'),
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.at('error').map(recordText).join('\n')).toContain(
      "Middleware forgetful didn't return a Response object. It returned undefined instead.",
    )
  })
})

describe('N13/D2 — an unrendered template response reaching a layer boundary', () => {
  it('N13/D2 — a TemplateResponse short-circuiting from a function layer is rendered at its boundary, without processTemplateResponse', async () => {
    const log: string[] = []
    const seen: unknown[] = []
    const outer: AnyMiddleware = named(
      'Outer',
      (getResponse: Handler) => async (request: Request) => {
        const response = await getResponse(request)
        seen.push(response)
        return response
      },
    )
    const handler = createHandler({
      middleware: [
        outer,
        fromHooks(hookClass('A', log, { only: ['processTemplateResponse'] })),
        layer('B', log, { before: returns(() => templateResponse('B.before')) }),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(seen[0]).toBeInstanceOf(Response)
    expect(await response.text()).toBe('TR[B.before]')
    expect(log).toEqual(['B.before'])
  })

  it('N13/D2 — a TemplateResponse returned after getResponse keeps its status and headers when rendered', async () => {
    const handler = createHandler({
      middleware: [
        layer('B', [], {
          after: returns(() =>
            templateResponse('B.after', { status: 201, headers: { 'x-made-by': 'B' } }),
          ),
        }),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(201)
    expect(response.headers.get('x-made-by')).toBe('B')
    expect(await response.text()).toBe('TR[B.after]')
  })

  it('N13/D2 — any object with a callable render() counts as a template response (Django’s rule)', async () => {
    const handler = createHandler({
      middleware: [
        layer('B', [], {
          before: returns(() => ({
            render: () => new Response('duck', { status: 202 }),
          })),
        }),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('duck')
  })

  it('N13/D2 — an error while rendering at a boundary is converted there, without processException', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const renderError = new NotFound('render failed')
    const handler = createHandler({
      middleware: [
        layer('A', log),
        fromHooks(
          hookClass('H', log, {
            only: ['processException', 'processTemplateResponse'],
          }),
        ),
        layer('B', log, {
          before: returns(() => failingTemplateResponse('B', log, renderError)),
        }),
      ],
      view: recordingView(log),
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(calls('A.before → B.before → B.render → A.after[404]'))
    // Converted once, at B's boundary: one 4xx line.
    expect(logger.records.map((record) => record.level)).toEqual(['warn'])
  })
})

describe('N18 — the onion', () => {
  it('N18/S38 — a layer that short-circuits: no inner layer or the view sees the request; only the layers it passed see the response', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        layer('A', log),
        layer('B', log, { before: returns(() => new Response('B', { status: 418 })) }),
        layer('C', log),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(418)
    expect(await response.text()).toBe('B')
    expect(log).toEqual(calls('A.before → B.before → A.after[418]'))
  })

  it('N18 — a layer may call getResponse more than once (retry); each call runs the inner layers again', async () => {
    const log: string[] = []
    let attempts = 0
    const retry: AnyMiddleware = named(
      'Retry',
      (getResponse: Handler) => async (request: Request) => {
        const first = await getResponse(request)
        return first.status >= 500 ? getResponse(request) : first
      },
    )
    const handler = createHandler({
      middleware: [retry, layer('C', log)],
      view: () => {
        attempts += 1
        if (attempts === 1) throw new Error('flaky')
        return new Response('second try')
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('second try')
    expect(log).toEqual(calls('C.before → C.after[500] → C.before → C.after[200]'))
  })
})

describe('N3 — reason phrases of error pages', () => {
  it.each([
    [409, 'Conflict'],
    [412, 'Precondition Failed'],
    [429, 'Too Many Requests'],
  ])(
    'HttpError(%i) answers a page and a log line naming %s',
    async (status, reason) => {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [],
        view: () => {
          throw new HttpError(status, 'x')
        },
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(status)
      expect(await response.text()).toContain(reason)
      expect(logger.at('warn').map(recordText).join('\n')).toContain(
        `${reason}: GET /view/`,
      )
    },
  )
})
