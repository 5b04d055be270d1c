/**
 * Properties of `legacyStack` over random stacks of hook classes:
 *
 * - every request gets exactly one response (O12–O17): the handler never rejects and
 *   resolves to one `Response`, each hook runs at most once per class (processException
 *   at most twice, when render() fails after it answered), and the `processResponse`
 *   calls are the classes in reverse order, cut short only by an error (O13, O15);
 * - where semantics.md says old and new style agree (no short-circuit and no error in
 *   `processRequest`, no error or template response from `processResponse`),
 *   `legacyStack` and `createHandler` + `fromHooks` give the same status, body and
 *   call log.
 *
 * Sizes: `runs(1000, 10000)` per property.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { legacyStack } from '../../../adapters/legacy/index.js'
import {
  classesFor,
  stackIn,
  viewFor,
  type ClassSpec,
} from '../../support/hook-stacks.js'
import {
  HOOK_NAMES,
  recordingLogger,
  request,
  type HookName,
} from '../../support/index.js'
import { oneResponse } from '../../support/one-response.js'
import { OUTCOMES, SECRET, type Outcome } from '../../support/outcomes.js'
import { runs } from '../../support/runs.js'

const RUNS = runs(1000, 10_000)
const ALL: readonly Outcome[] = OUTCOMES

/** A stack of class specs whose hooks draw their outcomes from `allowed`. */
function stackSpec(allowed: Record<HookName, readonly Outcome[]>) {
  const hook = (name: HookName) =>
    fc.option(fc.constantFrom(...allowed[name]), { nil: undefined, freq: 2 })
  const spec: fc.Arbitrary<ClassSpec> = fc.record({
    hooks: fc
      .record({
        processRequest: hook('processRequest'),
        processView: hook('processView'),
        processTemplateResponse: hook('processTemplateResponse'),
        processResponse: hook('processResponse'),
        processException: hook('processException'),
      })
      .map((hooks) => {
        const chosen: Partial<Record<HookName, Outcome>> = {}
        for (const name of HOOK_NAMES) {
          const outcome = hooks[name]
          if (outcome !== undefined) chosen[name] = outcome
        }
        return chosen
      }),
    async: fc.boolean(),
    notUsed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  return fc.array(spec, { maxLength: 5 })
}

const viewOutcome = fc.oneof(
  { weight: 3, arbitrary: fc.constant('default' as const) },
  fc.constantFrom(...ALL),
)

const everything: Record<HookName, readonly Outcome[]> = {
  processRequest: ALL,
  processView: ALL,
  processTemplateResponse: ALL,
  processResponse: ALL,
  processException: ALL,
}

const count = (log: readonly string[], entry: string) =>
  log.filter(
    (item) =>
      item === entry || item.startsWith(`${entry}[`) || item.startsWith(`${entry}(`),
  ).length

describe('legacyStack: every request gets exactly one response', () => {
  it('O12–O17 — never rejects, resolves to one Response, each hook at most once, processResponse in reverse order cut only by an error', async () => {
    await fc.assert(
      fc.asyncProperty(
        stackSpec(everything),
        viewOutcome,
        fc.boolean(),
        fc.constantFrom('GET', 'HEAD'),
        async (specs, view, debug, method) => {
          const log: string[] = []
          const handler = legacyStack({
            middleware: classesFor(specs, log),
            view: viewFor(view, log),
            debug,
            logger: recordingLogger(),
          })
          const response = await oneResponse(() =>
            handler(request('/view/', { method })),
          )
          const body = await response.text()
          if (!debug) expect(body).not.toContain(SECRET)

          const named = specs.map((spec, index) => ({ spec, name: `K${index}` }))
          const used = named.filter(({ spec }) => !spec.notUsed)
          for (const { spec, name } of named) {
            // O2: a class left out never runs.
            if (spec.notUsed) {
              expect(log.some((entry) => entry.startsWith(`${name}.`))).toBe(false)
              continue
            }
            for (const hook of HOOK_NAMES) {
              // processException runs again when render() fails on its answer (O11).
              const limit = hook === 'processException' ? 2 : 1
              expect(count(log, `${name}.${hook}`)).toBeLessThanOrEqual(limit)
            }
          }
          // O13/O15: the processResponse calls are the used classes in reverse order,
          // all of them unless one failed.
          const responders = log
            .filter((entry) => entry.includes('.processResponse['))
            .map((entry) => entry.slice(0, entry.indexOf('.')))
          const reversed = used.map(({ name }) => name).reverse()
          expect(responders).toEqual(reversed.slice(0, responders.length))
          if (responders.length < reversed.length) {
            const last = specs[Number(responders.at(-1)!.slice(1))]!
            expect(last.hooks.processResponse).toBeDefined()
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})

/** Outcomes under which old and new style agree (semantics.md §3 M10, §1 O-rules). */
const agreeing: Record<HookName, readonly Outcome[]> = {
  // No short-circuit and no error in processRequest.
  processRequest: ['returnUndefined', 'returnNull'],
  processView: ALL,
  processTemplateResponse: ALL,
  // No error (an answer that is not a response is one) and no template response.
  processResponse: ['respond', 'respond404'],
  // A template response that fails to render after render() already failed once is
  // rendered at a boundary under createHandler but after processResponse here (O17).
  processException: ALL.filter((outcome) => outcome !== 'failingTemplate'),
}

describe('legacyStack and createHandler + fromHooks agree where Django’s two styles do', () => {
  it('O13/M10 — same status, body and call log for stacks without short-circuits or errors in processRequest/processResponse', async () => {
    await fc.assert(
      fc.asyncProperty(stackSpec(agreeing), viewOutcome, async (specs, view) => {
        const run = async (style: 'old' | 'new') => {
          const log: string[] = []
          const handler = stackIn(style, {
            middleware: classesFor(specs, log),
            view: viewFor(view, log),
            logger: recordingLogger(),
          })
          const response = await handler(request())
          return { status: response.status, body: await response.text(), log }
        }
        const old = await run('old')
        const neu = await run('new')
        expect(old).toEqual(neu)
      }),
      { numRuns: RUNS },
    )
  })
})
