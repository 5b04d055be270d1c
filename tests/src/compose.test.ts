/**
 * `compose` (a right fold applied once) and `getMiddlewareMonoid` (contract, Core).
 */
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  compose,
  createHandler,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type AnyMiddleware,
  type Handler,
  type Middleware,
  type View,
} from '../../src/index.js'
import { getMiddlewareMonoid } from '../../adapters/fp/index.js'
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
  templateResponse,
  type HookConfig,
} from '../support/index.js'

/** A factory that logs its construction and tags the body on the way out. */
function tag(name: string, log: string[]): Middleware {
  return named(name, (getResponse: Handler) => {
    log.push(`${name}.factory`)
    return async (request: Request) => {
      log.push(`${name}.before`)
      const response = await getResponse(request)
      log.push(`${name}.after`)
      return new Response(`${await response.text()}+${name}`, response)
    }
  })
}

const innermost =
  (log: string[]): Handler =>
  async () => {
    log.push('handler')
    return new Response('h')
  }

async function observe(build: (log: string[]) => Handler) {
  const log: string[] = []
  const handler = build(log)
  const response = await handler(request())
  return { log, status: response.status, body: await response.text() }
}

describe('compose', () => {
  it('N1 — compose(a, b, c)(h) behaves as a(b(c(h))): a right fold, a outermost', async () => {
    const composed = await observe((log) =>
      compose(tag('a', log), tag('b', log), tag('c', log))(innermost(log)),
    )
    const nested = await observe((log) =>
      tag('a', log)(tag('b', log)(tag('c', log)(innermost(log)))),
    )
    expect(composed).toEqual(nested)
    expect(composed.body).toBe('h+c+b+a')
    expect(composed.log).toEqual(
      calls(
        'c.factory → b.factory → a.factory → a.before → b.before → c.before → handler → c.after → b.after → a.after',
      ),
    )
  })

  it('N1 — compose() is the identity', async () => {
    const log: string[] = []
    const h = innermost(log)
    const identity = compose()
    const viaIdentity = await observe((l) => identity(innermost(l)))
    const direct = await observe((l) => innermost(l))
    expect(viaIdentity).toEqual(direct)
    expect(await (await identity(h)(request())).text()).toBe('h')
  })

  it('N1 — compose(m) behaves as m', async () => {
    const single = await observe((log) => compose(tag('a', log))(innermost(log)))
    const bare = await observe((log) => tag('a', log)(innermost(log)))
    expect(single).toEqual(bare)
  })

  it('N1 — factories run once per application of the composed middleware, never per request', async () => {
    const log: string[] = []
    const composed = compose(tag('a', log), tag('b', log))
    expect(log).toEqual([])
    const handler = composed(innermost([]))
    expect(log).toEqual(['b.factory', 'a.factory'])
    for (let i = 0; i < 4; i++) await handler(request())
    expect(log.filter((entry) => entry.endsWith('.factory'))).toHaveLength(2)
    composed(innermost([]))
    expect(log.filter((entry) => entry.endsWith('.factory'))).toEqual([
      'b.factory',
      'a.factory',
      'b.factory',
      'a.factory',
    ])
  })

  it('N5 — a non-function argument throws ImproperlyConfigured naming its position, at once', () => {
    const log: string[] = []
    for (const value of [undefined, null, 'auth', {}, 3]) {
      let error: unknown
      try {
        compose(...dynamic([tag('a', log), value]))
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect((error as Error).message).toMatch(/\b1\b/)
    }
    expect(log).toEqual([])
  })

  it('N5 — a part returning a non-function throws ImproperlyConfigured when applied', () => {
    const composed = compose(...dynamic([named('empty', () => undefined)]))
    expect(() => composed(innermost([]))).toThrow(
      new ImproperlyConfigured('Middleware factory empty returned undefined.'),
    )
  })

  it('N1 — nested compose flattens: compose(compose(a, b), c) and compose(a, compose(b, c)) match compose(a, b, c)', async () => {
    const flat = await observe((log) =>
      compose(tag('a', log), tag('b', log), tag('c', log))(innermost(log)),
    )
    const left = await observe((log) =>
      compose(compose(tag('a', log), tag('b', log)), tag('c', log))(innermost(log)),
    )
    const right = await observe((log) =>
      compose(tag('a', log), compose(tag('b', log), tag('c', log)))(innermost(log)),
    )
    expect(left).toEqual(flat)
    expect(right).toEqual(flat)
  })
})

describe('compose inside createHandler keeps each part’s boundary and hooks', () => {
  const configs: Record<
    string,
    { A?: HookConfig; B?: HookConfig; C?: HookConfig; view?: 'raise' | 'tr' }
  > = {
    S01: {},
    S03: { B: { processRequest: respond('B.processRequest') } },
    S07: { view: 'raise' },
    S10: { B: { processException: respond('B.processException') }, view: 'raise' },
    S16: { view: 'tr' },
    S23: { B: { processRequest: raises(new Error('B.processRequest')) } },
    S27: { B: { processResponse: raises(new Error('B.processResponse')) } },
    S29: { B: { processResponse: returnsUndefined } },
  }

  for (const [id, config] of Object.entries(configs)) {
    it(`${id} — [compose(A, B), C] and [A, compose(B, C)] behave as [A, B, C]`, async () => {
      const run = async (shape: 'flat' | 'left' | 'right') => {
        const log: string[] = []
        const A = fromHooks(hookClass('A', log, config.A))
        const B = fromHooks(hookClass('B', log, config.B))
        const C = fromHooks(hookClass('C', log, config.C))
        const middleware =
          shape === 'flat'
            ? [A, B, C]
            : shape === 'left'
              ? [compose(A, B), C]
              : [A, compose(B, C)]
        const view: View =
          config.view === 'raise'
            ? recordingView(log, raises(new Error('view')))
            : config.view === 'tr'
              ? recordingView(
                  log,
                  returns(() => templateResponse('view')),
                )
              : recordingView(log)
        const handler = createHandler({
          middleware: dynamic(middleware),
          view,
          logger: recordingLogger(),
        })
        const response = await handler(request())
        return { log, status: response.status, body: await response.text() }
      }
      const flat = await run('flat')
      expect(await run('left')).toEqual(flat)
      expect(await run('right')).toEqual(flat)
    })
  }

  it('N2 — a part that throws is converted at its own boundary: the other part sees a response', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        compose(layer('A', log), layer('B', log, { before: raises(new Error('B')) })),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('A.before → B.before → A.after[500]'))
  })

  it('D1 — a part returning undefined is named in the message', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        compose(layer('A', []), layer('inner', [], { after: returnsUndefined })),
      ],
      view: () => new Response('view'),
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.at('error').map(recordText).join('\n')).toContain(
      "Middleware inner didn't return a Response object. It returned undefined instead.",
    )
  })

  it('N4 — a part that throws MiddlewareNotUsed is left out alone, logged by its name', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const off: AnyMiddleware = named('off', () => {
      throw new MiddlewareNotUsed('not today')
    })
    const handler = createHandler({
      middleware: dynamic([compose(layer('A', log), off, layer('C', log))]),
      view: recordingView(log),
      logger,
      debug: true,
    })
    expect(logger.at('debug').map((record) => record.message)).toEqual([
      'MiddlewareNotUsed(off): not today',
    ])
    await handler(request())
    expect(log).toEqual(
      calls('A.before → C.before → view → C.after[200] → A.after[200]'),
    )
  })

  it('N1 — the parts of a composed middleware are built once, bottom-up, by createHandler', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [tag('a', log), compose(tag('b', log), tag('c', log))],
      view: () => new Response('v'),
      logger: recordingLogger(),
    })
    expect(log).toEqual(['c.factory', 'b.factory', 'a.factory'])
    await handler(request())
    await handler(request())
    expect(log.filter((entry) => entry.endsWith('.factory'))).toHaveLength(3)
  })
})

describe('getMiddlewareMonoid', () => {
  const M = getMiddlewareMonoid()

  it('N1 — concat(a, b) behaves as compose(a, b): a outside b', async () => {
    const viaConcat = await observe((log) =>
      M.concat(tag('a', log), tag('b', log))(innermost(log)),
    )
    const viaCompose = await observe((log) =>
      compose(tag('a', log), tag('b', log))(innermost(log)),
    )
    expect(viaConcat).toEqual(viaCompose)
    expect(viaConcat.body).toBe('h+b+a')
  })

  it('N1 — associativity: concat(concat(a, b), c) ≡ concat(a, concat(b, c))', async () => {
    const left = await observe((log) =>
      M.concat(M.concat(tag('a', log), tag('b', log)), tag('c', log))(innermost(log)),
    )
    const right = await observe((log) =>
      M.concat(tag('a', log), M.concat(tag('b', log), tag('c', log)))(innermost(log)),
    )
    expect(left).toEqual(right)
  })

  it('N1 — identity: concat(empty, a) ≡ a ≡ concat(a, empty)', async () => {
    const bare = await observe((log) => tag('a', log)(innermost(log)))
    const leftUnit = await observe((log) =>
      M.concat(M.empty, tag('a', log))(innermost(log)),
    )
    const rightUnit = await observe((log) =>
      M.concat(tag('a', log), M.empty)(innermost(log)),
    )
    expect(leftUnit).toEqual(bare)
    expect(rightUnit).toEqual(bare)
  })

  it('N1 — empty applied to a handler behaves as that handler', async () => {
    expect(await observe((log) => M.empty(innermost(log)))).toEqual(
      await observe((log) => innermost(log)),
    )
  })

  it('N1 — concatAll folds a list as compose(...list)', async () => {
    const folded = await observe((log) =>
      concatAll(M)([tag('a', log), tag('b', log), tag('c', log)])(innermost(log)),
    )
    const composed = await observe((log) =>
      compose(tag('a', log), tag('b', log), tag('c', log))(innermost(log)),
    )
    expect(folded).toEqual(composed)
  })

  it('N2 — a monoid-built middleware inside createHandler keeps each part’s boundary', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        M.concat(layer('A', log), layer('B', log, { before: raises(new Error('B')) })),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(500)
    expect(log).toEqual(calls('A.before → B.before → A.after[500]'))
  })
})
