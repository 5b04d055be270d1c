/**
 * "Every request gets exactly one response" (N2, N3, D1, D2): for random stacks of
 * function layers and hook classes that pass, short-circuit, throw (Error or not),
 * return nothing or return template responses, the handler never rejects, resolves
 * to one `Response`, runs each layer's after-code at most once, and keeps the onion.
 * 500 random stacks per property in `npm test`, 10,000 in `npm run soak`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  createHandler,
  MiddlewareNotUsed,
  type AnyMiddleware,
  type Handler,
} from '../../src/index.js'
import { viewFor } from '../support/hook-stacks.js'
import {
  dynamic,
  HOOK_NAMES,
  hookClass,
  named,
  perform,
  recordingLogger,
  request,
  type HookConfig,
  type HookName,
} from '../support/index.js'
import { oneResponse } from '../support/one-response.js'
import { runs } from '../support/runs.js'
import { OUTCOMES, outcomeAction, SECRET, type Outcome } from '../support/outcomes.js'

/** Random stacks per property: 500 in `npm test`, 10,000 in `npm run soak`. */
const RUNS = runs(500, 10_000)
const outcomes: readonly Outcome[] = OUTCOMES

const action = outcomeAction

type LayerSpec =
  | {
      readonly type: 'function'
      readonly before: Outcome | 'call'
      readonly after: Outcome | 'return'
    }
  | {
      readonly type: 'hooks'
      readonly hooks: Partial<Record<HookName, Outcome>>
      readonly async: boolean
    }
  | { readonly type: 'notUsed' }

const outcome = fc.constantFrom(...outcomes)

const layerSpec: fc.Arbitrary<LayerSpec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('function' as const),
      before: fc.oneof({ weight: 3, arbitrary: fc.constant('call' as const) }, outcome),
      after: fc.oneof(
        { weight: 3, arbitrary: fc.constant('return' as const) },
        outcome,
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('hooks' as const),
      hooks: fc.dictionary(fc.constantFrom(...HOOK_NAMES), outcome, { maxKeys: 3 }),
      async: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'notUsed' as const }) },
)

const viewSpec = fc.oneof(
  { weight: 3, arbitrary: fc.constant('respond' as const) },
  outcome,
)

interface Built {
  readonly handler: Handler
  readonly log: string[]
  readonly startup: string[]
  readonly names: string[]
}

function build(
  layers: readonly LayerSpec[],
  viewOutcome: Outcome,
  debug: boolean,
): Built {
  const log: string[] = []
  const startup: string[] = []
  const names: string[] = []
  const middleware: AnyMiddleware[] = layers.map((spec, index) => {
    const name = `L${index}`
    names.push(name)
    if (spec.type === 'notUsed') {
      return named(name, () => {
        startup.push(`${name}.factory`)
        throw new MiddlewareNotUsed(name)
      })
    }
    if (spec.type === 'hooks') {
      const config: Record<string, unknown> = {
        async: spec.async,
        construct: () => startup.push(`${name}.factory`),
      }
      for (const [hook, chosen] of Object.entries(spec.hooks)) {
        config[hook] = action(chosen, `${name}.${hook}`, log)
      }
      return fromHooks(hookClass(name, log, config as HookConfig))
    }
    const { before, after } = spec
    return named(name, (getResponse: Handler) => {
      startup.push(`${name}.factory`)
      return async (req: Request): Promise<Response> => {
        log.push(`${name}.before`)
        if (before !== 'call') {
          return perform(action(before, `${name}.before`, log)) as Response
        }
        const response = await getResponse(req)
        log.push(
          `${name}.after[${response instanceof Response ? 'Response' : 'other'}]`,
        )
        if (after !== 'return') {
          return perform(action(after, `${name}.after`, log)) as Response
        }
        return response
      }
    })
  })
  const handler = createHandler({
    middleware: dynamic(middleware),
    // The outcome 'respond' answers as the view's default does.
    view: viewFor(viewOutcome, log),
    logger: recordingLogger(),
    debug,
  })
  return { handler, log, startup, names }
}

const count = (log: readonly string[], entry: string) =>
  log.filter((item) => item === entry || item.startsWith(`${entry}[`)).length

describe('every request gets exactly one response', () => {
  it('N2/N3/D1/D2 — the handler never rejects, resolves to one Response, each layer’s after-code runs at most once, the onion holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(layerSpec, { maxLength: 6 }),
        viewSpec,
        fc.boolean(),
        async (layers, view, debug) => {
          const { handler, log, startup, names } = build(layers, view, debug)
          const built = [...startup]
          expect(built).toEqual(names.map((name) => `${name}.factory`).reverse())

          const response = await oneResponse(() => handler(request()))
          const body = await response.text()
          if (!debug) expect(body).not.toContain(SECRET)

          // No factory runs per request.
          expect(startup).toEqual(built)
          expect(count(log, 'view')).toBeLessThanOrEqual(1)

          const entered: boolean[] = []
          layers.forEach((spec, index) => {
            const name = names[index]!
            if (spec.type === 'notUsed') return
            const before = count(
              log,
              spec.type === 'function' ? `${name}.before` : `${name}.processRequest`,
            )
            const after = count(
              log,
              spec.type === 'function' ? `${name}.after` : `${name}.processResponse`,
            )
            expect(before).toBeLessThanOrEqual(1)
            expect(after).toBeLessThanOrEqual(1)
            expect(after).toBeLessThanOrEqual(before)
            entered.push(before === 1)
          })
          // The layers that saw the request are a prefix of the stack.
          const firstOut = entered.indexOf(false)
          if (firstOut !== -1)
            expect(entered.slice(firstOut).every((e) => !e)).toBe(true)
          // Every function layer that called getResponse received a Response.
          expect(log.some((entry) => entry.endsWith('.after[other]'))).toBe(false)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('N1 — the same stack answers the same way on every request (nothing is rebuilt or consumed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(layerSpec, { maxLength: 5 }),
        viewSpec,
        async (layers, view) => {
          const { handler, log, startup } = build(layers, view, false)
          const built = [...startup]
          const first = await handler(request())
          const firstLog = log.splice(0)
          const second = await handler(request())
          expect(second.status).toBe(first.status)
          expect(await second.text()).toBe(await first.text())
          expect(log).toEqual(firstLog)
          expect(startup).toEqual(built)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
