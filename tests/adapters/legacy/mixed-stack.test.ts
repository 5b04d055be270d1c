/**
 * Mixed stacks during a migration (S34–S40): native factories and `fromHooks` classes
 * in one `createHandler`, each keeping its own semantics. A and C are hook classes
 * (every hook at its default, logging `A.processRequest`, `A.processResponse[S]`, ...);
 * B is a native layer between them (logging `B.before`, `B.after[S]`, §0).
 */
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../../adapters/legacy/index.js'
import {
  createHandler,
  ImproperlyConfigured,
  NotFound,
  PermissionDenied,
  TemplateResponse,
  type Handler,
  type Middleware,
} from '../../../src/index.js'
import {
  calls,
  dynamic,
  hookClass,
  layer,
  named,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  returns,
  returnsUndefined,
  type HookConfig,
  type LayerConfig,
} from '../../support/index.js'

function mixed(
  log: string[],
  config: { A?: HookConfig; B?: LayerConfig; C?: HookConfig } = {},
) {
  const logger = recordingLogger()
  const handler = createHandler({
    middleware: [
      fromHooks(hookClass('A', log, config.A)),
      layer('B', log, config.B),
      fromHooks(hookClass('C', log, config.C)),
    ],
    view: recordingView(log),
    logger,
  })
  return { handler, logger }
}

describe('mixed stacks: native factories and fromHooks classes in one createHandler', () => {
  it('S01 mixed — the onion runs through both kinds in stack order', async () => {
    const log: string[] = []
    const response = await mixed(log).handler(request())
    expect(await response.text()).toBe('view')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → A.processView → C.processView → view → C.processResponse[200] → B.after[200] → A.processResponse[200]',
      ),
    )
  })

  it('S34/N5 — a native factory returning undefined fails the build by name; only the classes below it were constructed', () => {
    const startup: string[] = []
    const construct = (name: string) => () => startup.push(`${name}(getResponse)`)
    const broken = named('B', () => {
      startup.push('B.factory')
    }) as unknown as Middleware
    const build = () =>
      createHandler({
        middleware: dynamic([
          fromHooks(hookClass('A', [], { construct: construct('A') })),
          broken,
          fromHooks(hookClass('C', [], { construct: construct('C') })),
        ]),
        view: recordingView([]),
      })
    expect(build).toThrow(ImproperlyConfigured)
    expect(build).toThrow('Middleware factory B returned undefined.')
    expect(startup.slice(0, 2)).toEqual(['C(getResponse)', 'B.factory'])
  })

  it('S35/N2 — the native layer throws before getResponse: converted at B; C never runs; A.processResponse sees the 500', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      B: { before: raises(new Error('B')) },
    }).handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('A.processRequest → B.before → A.processResponse[500]'))
  })

  it('S36/N2 — the native layer throws after getResponse: C’s processResponse ran; A sees B’s error as a 404', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      B: { after: raises(new NotFound('B')) },
    }).handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → A.processView → C.processView → view → C.processResponse[200] → B.after[200] → A.processResponse[404]',
      ),
    )
  })

  it('S37/D1 — the native layer returns undefined: a 500 at B naming it; A.processResponse sees the 500', async () => {
    const log: string[] = []
    const { handler, logger } = mixed(log, { B: { after: returnsUndefined } })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log.slice(-2)).toEqual(['B.after[200]', 'A.processResponse[500]'])
    expect(logger.at('error').map(recordText).join('\n')).toContain(
      "Middleware B didn't return a Response object. It returned undefined instead.",
    )
  })

  it('S38/N18 — the native layer short-circuits: C and the view never see the request; A sees the response', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      B: { before: respond('from B', 401) },
    }).handler(request())
    expect(response.status).toBe(401)
    expect(await response.text()).toBe('from B')
    expect(log).toEqual(calls('A.processRequest → B.before → A.processResponse[401]'))
  })

  it('S38/M3 — a hook class short-circuits inside a native layer: the native layer still sees the response on the way out', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      C: { processRequest: respond('from C', 429) },
    }).handler(request())
    expect(response.status).toBe(429)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → C.processResponse[429] → B.after[429] → A.processResponse[429]',
      ),
    )
  })

  it('S39/N7 — nothing resolves: a 404 before any processView, native or hook; every layer sees it', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        layer('B', log, {
          hooks: { processView: () => void log.push('B.processView') },
        }),
        fromHooks(hookClass('C', log)),
      ],
      resolve: () => undefined,
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → C.processResponse[404] → B.after[404] → A.processResponse[404]',
      ),
    )
  })

  it('S40/N6 — a native handler’s processView and processException run in order with the classes’ hooks, and its answer wins', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        layer('B', log, {
          hooks: {
            processView: () => void log.push('B.processView'),
            processException: (req: Request, error: unknown) => {
              log.push(`B.processException(${(error as Error).name})`)
              return new Response('handled by B', { status: 503 })
            },
          },
        }),
        fromHooks(hookClass('C', log)),
      ],
      view: recordingView(log, raises(new Error('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('handled by B')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → A.processView → B.processView → C.processView → view → C.processException(Error) → B.processException(Error) → C.processResponse[503] → B.after[503] → A.processResponse[503]',
      ),
    )
  })

  it('M4 in a mixed stack — a class whose processRequest raises skips its own processResponse; the native layer outside sees the 403', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      C: { processRequest: raises(new PermissionDenied('C')) },
    }).handler(request())
    expect(response.status).toBe(403)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.before → C.processRequest → B.after[403] → A.processResponse[403]',
      ),
    )
  })

  it('N10 in a mixed stack — a template response is processed by the classes’ hooks and rendered before the native layer sees it', async () => {
    const log: string[] = []
    let seen: unknown
    const native = named('B', (getResponse: Handler) => async (req: Request) => {
      seen = await getResponse(req)
      return seen as Response
    })
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        native,
        fromHooks(hookClass('C', log)),
      ],
      view: () =>
        new TemplateResponse((c: { mw: string[] }) => `page+${c.mw.join('+')}`, {
          mw: [],
        }),
    })
    const response = await handler(request())
    expect(seen).toBeInstanceOf(Response)
    expect(await response.text()).toBe('page+C+A')
    expect(log).toContain('C.processTemplateResponse')
  })

  it('N2 — a native layer that replaces the response: the class outside sees the replacement, not the view’s', async () => {
    const log: string[] = []
    const response = await mixed(log, {
      B: { after: returns(() => new Response('replaced', { status: 202 })) },
    }).handler(request())
    expect(response.status).toBe(202)
    expect(log.at(-1)).toBe('A.processResponse[202]')
  })
})
