/**
 * Properties of `compose` on observable behaviour (the call log, with factory calls,
 * and the outcome of a request): associativity, identity, the right fold, flattening
 * inside `createHandler`, and the same laws for `getMiddlewareMonoid` (N1, N2). Each
 * property checks 500 random stacks in `npm test` and 10,000 in `npm run soak`.
 */
import fc from 'fast-check'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import {
  compose,
  createHandler,
  type AnyMiddleware,
  type Handler,
  type Middleware,
} from '../../src/index.js'
import { getMiddlewareMonoid } from '../../adapters/fp/index.js'
import { dynamic, named, recordingLogger, request } from '../support/index.js'
import { runs } from '../support/runs.js'

/** Random stacks per property: 500 in `npm test`, 10,000 in `npm run soak`. */
const RUNS = runs(500, 10_000)

type Kind = 'pass' | 'wrap' | 'short' | 'throw' | 'throwAfter' | 'undefined' | 'header'

interface Spec {
  readonly name: string
  readonly kind: Kind
}

const kinds: Kind[] = [
  'pass',
  'wrap',
  'short',
  'throw',
  'throwAfter',
  'undefined',
  'header',
]

/** Up to `max` factory specs named L0, L1, ... */
const specs = (max: number) =>
  fc
    .array(fc.constantFrom(...kinds), { maxLength: max })
    .map((list) => list.map((kind, index): Spec => ({ name: `L${index}`, kind })))

/** A recording factory for a spec: logs its construction and its request phases. */
function factory(spec: Spec, log: string[]): AnyMiddleware {
  const { name, kind } = spec
  return named(name, (getResponse: Handler) => {
    log.push(`${name}.factory`)
    return async (req: Request) => {
      log.push(`${name}.before`)
      if (kind === 'short') return new Response(name, { status: 203 })
      if (kind === 'throw') throw new Error(`${name} before`)
      const response = await getResponse(req)
      log.push(`${name}.after[${response.status}]`)
      if (kind === 'throwAfter') throw new Error(`${name} after`)
      if (kind === 'undefined') return undefined as unknown as Response
      if (kind === 'wrap')
        return new Response(`${await response.text()}+${name}`, response)
      if (kind === 'header') response.headers.append('x-layers', name)
      return response
    }
  })
}

const innermost =
  (log: string[]): Handler =>
  async () => {
    log.push('handler')
    return new Response('h')
  }

interface Observation {
  readonly log: string[]
  readonly outcome: unknown
}

async function outcomeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await run()
    if (value instanceof Response) {
      return {
        status: value.status,
        body: await value.text(),
        layers: value.headers.get('x-layers'),
      }
    }
    return { value: String(value) }
  } catch (error) {
    return { rejected: error instanceof Error ? error.message : String(error) }
  }
}

/** Builds with `build` (given a fresh log), applies to the innermost handler, sends two requests. */
async function observe(
  build: (log: string[]) => (getResponse: Handler) => Handler,
): Promise<Observation> {
  const log: string[] = []
  const handler = build(log)(innermost(log))
  const first = await outcomeOf(() => handler(request()))
  const second = await outcomeOf(() => handler(request()))
  return { log, outcome: [first, second] }
}

const make = (list: readonly Spec[], log: string[]) =>
  list.map((spec) => factory(spec, log))

describe('compose — properties', () => {
  it('N1 — right fold: compose(...fs)(h) ≡ fs.reduceRight((acc, f) => f(acc), h)', async () => {
    await fc.assert(
      fc.asyncProperty(specs(6), async (list) => {
        const composed = await observe((log) => compose(...make(list, log)))
        const folded = await observe(
          (log) => (h) => make(list, log).reduceRight((acc, f) => f(acc), h),
        )
        expect(composed).toEqual(folded)
      }),
      { numRuns: RUNS },
    )
  })

  it('N1 — associativity: compose(compose(x, y), z) ≡ compose(x, compose(y, z)) ≡ compose(...x, ...y, ...z)', async () => {
    await fc.assert(
      fc.asyncProperty(specs(7), fc.nat(), fc.nat(), async (list, i, j) => {
        const cut1 = list.length === 0 ? 0 : i % (list.length + 1)
        const cut2 =
          cut1 + (list.length - cut1 === 0 ? 0 : j % (list.length - cut1 + 1))
        const parts = (log: string[]) => {
          const all = make(list, log)
          return [
            compose(...all.slice(0, cut1)),
            compose(...all.slice(cut1, cut2)),
            compose(...all.slice(cut2)),
          ] as const
        }
        const left = await observe((log) => {
          const [x, y, z] = parts(log)
          return compose(compose(x, y), z)
        })
        const right = await observe((log) => {
          const [x, y, z] = parts(log)
          return compose(x, compose(y, z))
        })
        const flat = await observe((log) => compose(...make(list, log)))
        expect(left).toEqual(right)
        expect(left).toEqual(flat)
      }),
      { numRuns: RUNS },
    )
  })

  it('N1 — identity: compose(compose(), m) ≡ m ≡ compose(m, compose()), and compose()(h) ≡ h', async () => {
    await fc.assert(
      fc.asyncProperty(specs(5), async (list) => {
        const bare = await observe((log) => compose(...make(list, log)))
        const leftUnit = await observe((log) =>
          compose(compose(), compose(...make(list, log))),
        )
        const rightUnit = await observe((log) =>
          compose(compose(...make(list, log)), compose()),
        )
        const unitInside = await observe((log) => {
          const all = make(list, log)
          return compose(...all.slice(0, 1), compose(), ...all.slice(1))
        })
        expect(leftUnit).toEqual(bare)
        expect(rightUnit).toEqual(bare)
        expect(unitInside).toEqual(bare)
        const unitAlone = await observe(() => compose())
        const handlerAlone = await observe(() => (h) => h)
        expect(unitAlone).toEqual(handlerAlone)
      }),
      { numRuns: RUNS },
    )
  })

  it('N1 — factories run once per application, bottom-up, never per request', async () => {
    await fc.assert(
      fc.asyncProperty(
        specs(6),
        fc.integer({ min: 1, max: 3 }),
        async (list, times) => {
          const log: string[] = []
          const composed = compose(...make(list, log))
          const handlers = Array.from({ length: times }, () => composed(innermost([])))
          const expected = Array.from({ length: times }, () =>
            list.map((spec) => `${spec.name}.factory`).reverse(),
          ).flat()
          expect(log).toEqual(expected)
          for (const handler of handlers) await outcomeOf(() => handler(request()))
          expect(log.filter((entry) => entry.endsWith('.factory'))).toEqual(expected)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('N1/N2 — inside createHandler, any grouping with compose behaves as the flat list (each part keeps its boundary)', async () => {
    await fc.assert(
      fc.asyncProperty(specs(6), fc.nat(), fc.nat(), async (list, i, j) => {
        const cut1 = list.length === 0 ? 0 : i % (list.length + 1)
        const cut2 =
          cut1 + (list.length - cut1 === 0 ? 0 : j % (list.length - cut1 + 1))
        const run = async (group: (all: AnyMiddleware[]) => AnyMiddleware[]) => {
          const log: string[] = []
          const handler = createHandler({
            middleware: dynamic(group(make(list, log))),
            view: innermost(log),
            logger: recordingLogger(),
          })
          const first = await outcomeOf(() => handler(request()))
          const second = await outcomeOf(() => handler(request()))
          return { log, outcome: [first, second] }
        }
        const flat = await run((all) => all)
        const grouped = await run((all) => [
          compose(...all.slice(0, cut1)),
          compose(compose(...all.slice(cut1, cut2)), ...all.slice(cut2)),
        ])
        expect(grouped).toEqual(flat)
      }),
      { numRuns: RUNS },
    )
  })
  it('N1 — getMiddlewareMonoid: concat is compose, empty its unit, concatAll the fold, at any grouping', async () => {
    const M = getMiddlewareMonoid()
    await fc.assert(
      fc.asyncProperty(specs(6), fc.nat(), async (list, i) => {
        const cut = list.length === 0 ? 0 : i % (list.length + 1)
        const all = (log: string[]) => make(list, log) as Middleware[]
        const composed = await observe((log) => compose(...all(log)))
        const folded = await observe((log) => concatAll(M)(all(log)))
        const split = await observe((log) => {
          const parts = all(log)
          return M.concat(
            concatAll(M)(parts.slice(0, cut)),
            M.concat(M.empty, concatAll(M)(parts.slice(cut))),
          )
        })
        expect(folded).toEqual(composed)
        expect(split).toEqual(composed)
      }),
      { numRuns: RUNS },
    )
  })
})
