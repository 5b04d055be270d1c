/**
 * `timed` and `timingReport`: per-layer own times, reported per request, with an
 * injected clock so every figure is exact.
 */
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  provide,
  type Middleware,
  type Req,
} from '../../../../src/index.js'
import {
  serverTiming,
  timed,
  timingReport,
  type TimingEntry,
} from '../../../../src/middleware/index.js'
import { recordingLogger } from '../../../support/index.js'

function fakeClock() {
  let now = 0
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

/** A layer that spends `before` ms on the way in and `after` on the way out. */
const spend =
  (advance: (ms: number) => void, before: number, after = 0): Middleware =>
  (getResponse) =>
  async (request) => {
    advance(before)
    const response = await getResponse(request)
    advance(after)
    return response
  }

const summary = (entries: readonly TimingEntry[]) =>
  entries.map(({ name, duration, total }) => `${name} ${duration}/${total}`)

describe('timed and timingReport', () => {
  it('each timed layer gets its own time, excluding the layers inside it', async () => {
    const { now, advance } = fakeClock()
    const reports: string[][] = []
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void reports.push(summary(entries)), { now }),
        timed('auth', spend(advance, 2, 1)),
        spend(advance, 4), // untimed: counts as the report's own
        timed('session', spend(advance, 3)),
      ],
      view: () => {
        advance(10)
        return new Response('ok')
      },
    })
    await handler(new Request('http://localhost/'))
    expect(reports).toEqual([['app 14/20', 'auth 3/20', 'session 3/13']])
  })

  it('property: own times sum to the total, and each equals what the layer spent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            timed: fc.boolean(),
            before: fc.integer({ min: 0, max: 50 }),
            after: fc.integer({ min: 0, max: 50 }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 100 }),
        async (layers, viewCost) => {
          const { now, advance } = fakeClock()
          let report: readonly TimingEntry[] = []
          const handler = createHandler({
            middleware: [
              timingReport((entries) => void (report = entries), { now }),
              ...layers.map((layer, index) => {
                const middleware = spend(advance, layer.before, layer.after)
                return layer.timed ? timed(`l${index}`, middleware) : middleware
              }),
            ],
            view: () => {
              advance(viewCost)
              return new Response('ok')
            },
          })
          await handler(new Request('http://localhost/'))
          const [own, ...rest] = report
          const spent = layers.reduce((sum, l) => sum + l.before + l.after, viewCost)
          expect(own!.total).toBe(spent)
          expect(report.reduce((sum, entry) => sum + entry.duration, 0)).toBe(spent)
          const timedLayers = layers.flatMap((l, index) =>
            l.timed ? [{ ...l, index }] : [],
          )
          expect(rest.map((entry) => [entry.name, entry.duration])).toEqual(
            timedLayers.map((l) => [`l${l.index}`, l.before + l.after]),
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  it('with the real clock, own times sum to the total within 1 ms', async () => {
    let report: readonly TimingEntry[] = []
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const slow =
      (ms: number): Middleware =>
      (getResponse) =>
      async (request) => {
        await sleep(ms)
        return getResponse(request)
      }
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void (report = entries)),
        timed('a', slow(10)),
        timed('b', slow(5)),
      ],
      view: async () => {
        await sleep(5)
        return new Response('ok')
      },
    })
    await handler(new Request('http://localhost/'))
    const sum = report.reduce((total, entry) => total + entry.duration, 0)
    expect(Math.abs(sum - report[0]!.total)).toBeLessThan(1)
    expect(report[1]!.duration).toBeGreaterThanOrEqual(8)
  })

  it('a layer calling getResponse twice at once counts the overlap once', async () => {
    const { now, advance } = fakeClock()
    let report: readonly TimingEntry[] = []
    const fanOut: Middleware = (getResponse) => async (request) => {
      advance(1)
      const [first] = await Promise.all([getResponse(request), getResponse(request)])
      advance(1)
      return first
    }
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void (report = entries), { now }),
        timed('fan', fanOut),
      ],
      view: async () => {
        await Promise.resolve()
        advance(5)
        return new Response('ok')
      },
    })
    await handler(new Request('http://localhost/'))
    expect(summary(report)).toEqual(['app 10/12', 'fan 2/12'])
  })

  it('a call to the inner layers still pending when the layer answers counts as inside, up to then', async () => {
    const { now, advance } = fakeClock()
    let report: readonly TimingEntry[] = []
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const fireAndForget: Middleware = (getResponse) => async (request) => {
      advance(2)
      void getResponse(request) // not awaited: the answer does not wait for it
      advance(3)
      return new Response('early')
    }
    let viewDone = false
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void (report = entries), { now }),
        timed('background', fireAndForget),
      ],
      view: async () => {
        await gate
        advance(10)
        viewDone = true
        return new Response('late')
      },
    })
    const response = await handler(new Request('http://localhost/'))
    expect(await response.text()).toBe('early')
    // Own time: the 2 ms before the call; the 3 ms after it overlap the pending call.
    expect(summary(report)).toEqual(['app 3/5', 'background 2/5'])
    release()
    await vi.waitFor(() => expect(viewDone).toBe(true))
    expect(summary(report)).toEqual(['app 3/5', 'background 2/5'])
  })

  it('a timed layer that throws still closes its entry (N2: it becomes a 500)', async () => {
    const { now, advance } = fakeClock()
    let report: readonly TimingEntry[] = []
    const failing: Middleware = () => async () => {
      advance(3)
      throw new Error('boom')
    }
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void (report = entries), { now }),
        timed('failing', failing),
      ],
      view: () => new Response('ok'),
      logger: recordingLogger(),
    })
    expect((await handler(new Request('http://localhost/'))).status).toBe(500)
    expect(summary(report)).toEqual(['app 0/3', 'failing 3/3'])
  })

  it('without a collecting layer outside, nothing is recorded and the layer runs as is', async () => {
    const { advance } = fakeClock()
    let report: readonly TimingEntry[] = []
    const handler = createHandler({
      middleware: [
        timed('outside', spend(advance, 1)),
        timingReport((entries) => void (report = entries), { now: () => 0 }),
      ],
      view: () => new Response('ok'),
    })
    const response = await handler(new Request('http://localhost/'))
    expect(await response.text()).toBe('ok')
    expect(summary(report)).toEqual(['app 0/0'])
    const bare = createHandler({
      middleware: [timed('alone', spend(advance, 1))],
      view: () => new Response('alone'),
    })
    expect(await (await bare(new Request('http://localhost/'))).text()).toBe('alone')
  })

  it('keeps the provided data and types (timed(m) has the type of m)', async () => {
    const user: Middleware<{}, { user: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { user: 'ada' }))
    const handler = createHandler({
      middleware: [serverTiming({ now: () => 0 }), timed('user', user)],
      view: (request: Req<{ user: string }>) => new Response(request.user),
    })
    expect(await (await handler(new Request('http://localhost/'))).text()).toBe('ada')
  })

  it('passes the layer hooks on (N6) and keeps the factory name for MiddlewareNotUsed (N4)', async () => {
    const calls: string[] = []
    const hooked: Middleware = (getResponse) =>
      Object.assign((request: Request) => getResponse(request), {
        processView: () => void calls.push('processView'),
        processException: () => new Response('handled', { status: 418 }),
      })
    const handler = createHandler({
      middleware: [timed('hooked', hooked)],
      view: () => {
        throw new Error('view failed')
      },
      logger: recordingLogger(),
    })
    const response = await handler(new Request('http://localhost/'))
    expect(response.status).toBe(418)
    expect(calls).toEqual(['processView'])

    const logger = recordingLogger()
    const tracing: Middleware = () => {
      throw new MiddlewareNotUsed('off')
    }
    createHandler({
      middleware: [timed('tracing', tracing)],
      view: () => new Response('ok'),
      debug: true,
      logger,
    })
    expect(logger.at('debug').map((record) => record.message)).toEqual([
      'MiddlewareNotUsed(tracing): off',
    ])
  })

  it('timingReport inside serverTiming reports only what is inside it', async () => {
    const { now, advance } = fakeClock()
    let report: readonly TimingEntry[] = []
    const handler = createHandler({
      middleware: [
        serverTiming({ now }),
        timed('outer', spend(advance, 2)),
        timingReport((entries) => void (report = entries), { name: 'inner' }),
        timed('deep', spend(advance, 1)),
      ],
      view: () => {
        advance(4)
        return new Response('ok')
      },
    })
    const response = await handler(new Request('http://localhost/'))
    expect(summary(report)).toEqual(['inner 4/5', 'deep 1/5'])
    expect(response.headers.get('server-timing')).toBe(
      'app;dur=7, outer;dur=2, inner;dur=4, deep;dur=1',
    )
  })

  it('the same request object handled twice gets two separate reports', async () => {
    const { now, advance } = fakeClock()
    const reports: string[][] = []
    const handler = createHandler({
      middleware: [
        timingReport((entries) => void reports.push(summary(entries)), { now }),
        timed('auth', spend(advance, 1)),
      ],
      view: () => new Response('ok'),
    })
    const request = new Request('http://localhost/')
    await handler(request)
    await handler(request)
    expect(reports).toEqual([
      ['app 0/1', 'auth 1/1'],
      ['app 0/1', 'auth 1/1'],
    ])
  })

  it('an onReport that throws becomes a 500 at its boundary (N2)', async () => {
    const handler = createHandler({
      middleware: [
        timingReport(() => {
          throw new Error('metrics down')
        }),
      ],
      view: () => new Response('ok'),
      logger: recordingLogger(),
    })
    expect((await handler(new Request('http://localhost/'))).status).toBe(500)
  })

  it.each([
    [() => timed('has space', (g) => g), 'timed() name must be an HTTP token'],
    [
      () => timed('ok', undefined as never),
      'timed("ok", middleware) needs a middleware factory, got undefined.',
    ],
    [
      () => timingReport(undefined as never),
      'timingReport() onReport must be a function, got undefined.',
    ],
    [
      () => timingReport(() => {}, { now: 1 as never }),
      'timingReport() option now must be a function, got 1.',
    ],
    [
      () => timingReport(() => {}, { name: '' }),
      'timingReport() option name must be an HTTP token',
    ],
    [
      () => timingReport(() => {}, { onReport: () => {} } as never),
      'timingReport() has no option onReport; its options are name, now.',
    ],
  ])(
    'build time: case %# is ImproperlyConfigured with its message',
    (build, message) => {
      expect(build).toThrow(ImproperlyConfigured)
      expect(build).toThrow(message)
    },
  )
})
