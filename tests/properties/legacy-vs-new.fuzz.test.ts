/**
 * Old style against new style on random stacks of hook classes (semantics.md §3 M9,
 * M10; §1 O13–O17; §7.2 D1, D2): each class has a random subset of the five hooks,
 * each hook passing, short-circuiting with a response or a template response, throwing
 * an `Error` or a non-Error, returning nothing or something that is not a response,
 * sync or async; every stack runs through `legacyStack` and through `createHandler` +
 * `fromHooks`.
 *
 * - Both styles answer alike (status, headers, body, hook calls) unless a rule where
 *   semantics.md says they differ came into play (M9.1–M9.3, M10.none,
 *   M10.template-request, M10.template-response, O16, O17); `compareStacks` reports
 *   what each style really answered, and labels every difference with such a rule,
 *   never `unexplained`.
 * - With exactly one of M9.1, M9.2, M9.3 or M10.none in play, each style's calls and
 *   status are the ones the rule predicts, call by call, and the report labels just
 *   that rule.
 *
 * Sizes: `runs(300, 10000)` per property.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareStacks,
  type MigrationRuleId,
  type StyleAnswer,
} from '../../adapters/migrate/index.js'
import {
  classesFor,
  stackIn,
  viewFor,
  type ClassSpec,
  type Style,
} from '../support/hook-stacks.js'
import {
  HOOK_NAMES,
  recordingLogger,
  request,
  type HookName,
} from '../support/index.js'
import { OUTCOMES, type Outcome } from '../support/outcomes.js'
import { runs } from '../support/runs.js'

const RUNS = runs(300, 10_000)

/** Outcomes that throw: an `Error`, a `NotFound`, or a value that is not an Error. */
const RAISING: readonly Outcome[] = [
  'error',
  'notFound',
  'string',
  'null',
  'undefinedThrown',
  'bareObject',
]

/** Each class defines just the hooks its spec names. */
const ONLY_CHOSEN = { onlyChosen: true }

/** One style run directly (no tracing): what it answered and the hooks it called. */
async function runStyle(
  style: Style,
  specs: readonly ClassSpec[],
  view: Outcome | 'default',
  method: string,
): Promise<StyleAnswer> {
  const log: string[] = []
  const handler = stackIn(style, {
    middleware: classesFor(specs, log, ONLY_CHOSEN),
    view: viewFor(view, log),
    logger: recordingLogger(),
  })
  const response = await handler(request('/view/', { method }))
  return {
    status: response.status,
    headers: [...response.headers],
    body: await response.text(),
    // Rendering is logged by the template, not traced by the comparison.
    calls: log.filter((entry) => !entry.endsWith('.render')),
  }
}

/**
 * The rules in play, worked out from the specs and the calls that really ran, without
 * the comparison's tracing: which hook ran, and what it was set to do.
 */
function rulesFrom(
  specs: readonly ClassSpec[],
  logs: readonly (readonly string[])[],
  method: string,
): Set<MigrationRuleId> {
  const rules = new Set<MigrationRuleId>()
  for (const entry of logs.flat()) {
    const match = /^K(\d+)\.(\w+)/.exec(entry)
    if (match === null) continue
    const hook = match[2] as HookName
    const outcome = specs[Number(match[1])]!.hooks[hook]
    if (outcome === undefined || outcome === 'default') continue
    const raises = RAISING.includes(outcome)
    const template = outcome === 'template' || outcome === 'failingTemplate'
    if (hook === 'processRequest') {
      if (outcome === 'respond' || outcome === 'respond404') rules.add('M9.1')
      if (template) rules.add('M10.template-request')
      // A value that is not a response fails right where it was returned.
      if (raises || outcome === 'returnNumber') rules.add('M9.2')
    }
    if (hook === 'processResponse') {
      if (raises) rules.add('M9.3')
      if (['returnUndefined', 'returnNull', 'returnNumber'].includes(outcome)) {
        rules.add('M10.none')
      }
      if (template) rules.add('M10.template-response')
    }
    if (hook === 'processException' && template) rules.add('O17')
  }
  if (method === 'HEAD') rules.add('O16')
  return rules
}

const outcome = fc.oneof(
  { weight: 2, arbitrary: fc.constant('default' as const) },
  { weight: 3, arbitrary: fc.constantFrom(...OUTCOMES) },
)

const classSpec: fc.Arbitrary<ClassSpec> = fc.record({
  hooks: fc.dictionary(fc.constantFrom(...HOOK_NAMES), outcome, {
    minKeys: 1,
    maxKeys: 5,
  }),
  async: fc.boolean(),
  notUsed: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
})

describe('legacyStack against createHandler + fromHooks, random stacks', () => {
  it('M9/M10/O16/O17 — alike unless a rule says they differ; compareStacks reports what each really answered and labels every difference with a rule in play, never unexplained', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(classSpec, { maxLength: 6 }),
        outcome,
        fc.constantFrom('GET', 'GET', 'HEAD'),
        async (specs, view, method) => {
          const old = await runStyle('old', specs, view, method)
          const neu = await runStyle('new', specs, view, method)
          const report = await compareStacks({
            middleware: classesFor(specs, [], ONLY_CHOSEN),
            view: viewFor(view, []),
            requests: [request('/view/', { method })],
          })
          const result = report.results[0]!
          // Tracing changes nothing: the report holds what each style answered.
          expect(result.old).toEqual(old)
          expect(result.new).toEqual(neu)

          const inPlay = rulesFrom(specs, [old.calls, neu.calls], method)
          for (const difference of result.differences) {
            expect(difference.rules).not.toContain('unexplained')
            expect(difference.rules.length).toBeGreaterThan(0)
            for (const rule of difference.rules) expect(inPlay).toContain(rule)
          }
          if (inPlay.size === 0) {
            expect(neu).toEqual(old)
            expect(result.differences).toEqual([])
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  /** One hook of one class set to an outcome that brings exactly one rule into play. */
  type Trigger =
    | { readonly hook: 'processRequest'; readonly outcome: Outcome }
    | { readonly hook: 'processResponse'; readonly outcome: Outcome }

  const trigger: fc.Arbitrary<Trigger> = fc.oneof(
    fc.record({
      hook: fc.constant('processRequest' as const),
      outcome: fc.constantFrom<Outcome>(
        'respond',
        'respond404',
        ...RAISING,
        'returnNumber',
      ),
    }),
    fc.record({
      hook: fc.constant('processResponse' as const),
      outcome: fc.constantFrom<Outcome>(
        ...RAISING,
        'returnUndefined',
        'returnNull',
        'returnNumber',
      ),
    }),
  )

  const ruleOf = ({ hook, outcome: o }: Trigger): MigrationRuleId => {
    if (hook === 'processRequest') {
      return o === 'respond' || o === 'respond404' ? 'M9.1' : 'M9.2'
    }
    return RAISING.includes(o) ? 'M9.3' : 'M10.none'
  }

  /** The status an outcome answers with, as both styles convert it (O12, N3). */
  const statusOf = (o: Outcome): number =>
    o === 'respond' ? 200 : o === 'respond404' || o === 'notFound' ? 404 : 500

  const range = (from: number, to: number): number[] =>
    from <= to
      ? Array.from({ length: to - from + 1 }, (_, k) => from + k)
      : Array.from({ length: from - to + 1 }, (_, k) => from - k)

  /** Each style's calls and status for `n` default classes with `trigger` on class `at` (§5). */
  function predicted(n: number, at: number, t: Trigger) {
    const requests = (to: number) => range(0, to).map((k) => `K${k}.processRequest`)
    const views = range(0, n - 1).map((k) => `K${k}.processView`)
    const responses = (from: number, to: number, status: number) =>
      from < to ? [] : range(from, to).map((k) => `K${k}.processResponse[${status}]`)
    if (t.hook === 'processRequest') {
      const status = statusOf(t.outcome)
      const answered = ruleOf(t) === 'M9.1'
      return {
        // O4/O13: every processResponse runs, whoever answered.
        old: { status, calls: [...requests(at), ...responses(n - 1, 0, status)] },
        // M3/N18: a short-circuit comes back through the layers entered, its own
        // included; M4: a layer whose processRequest failed skips its processResponse.
        new: {
          status,
          calls: [...requests(at), ...responses(answered ? at : at - 1, 0, status)],
        },
      }
    }
    const inner = [...requests(n - 1), ...views, 'view', ...responses(n - 1, at, 200)]
    const converted = t.outcome === 'notFound' ? 404 : 500
    return {
      // O14/O15: the earlier processResponse hooks are skipped; always a 500.
      old: { status: 500, calls: inner },
      // N2/D1: converted at that layer; the outer layers see the converted response.
      new: {
        status: converted,
        calls: [...inner, ...responses(at - 1, 0, converted)],
      },
    }
  }

  it('M9.1/M9.2/M9.3/M10.none — one rule in play: each style does what the rule says, call by call, and the report cites just that rule', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.record({
            asyncs: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            at: fc.integer({ min: 0, max: n - 1 }),
            trigger,
          }),
        ),
        async ({ asyncs, at, trigger: t }) => {
          const n = asyncs.length
          const specs: ClassSpec[] = asyncs.map((async, k) => ({
            hooks: Object.fromEntries(
              HOOK_NAMES.map((hook) => [
                hook,
                k === at && hook === t.hook ? t.outcome : 'default',
              ]),
            ),
            async,
            notUsed: false,
          }))
          const expected = predicted(n, at, t)
          const old = await runStyle('old', specs, 'default', 'GET')
          const neu = await runStyle('new', specs, 'default', 'GET')
          expect({ status: old.status, calls: old.calls }).toEqual(expected.old)
          expect({ status: neu.status, calls: neu.calls }).toEqual(expected.new)
          if (old.status === neu.status) expect(neu.body).toBe(old.body)

          const report = await compareStacks({
            middleware: classesFor(specs, [], ONLY_CHOSEN),
            view: viewFor('default', []),
            requests: [request('/view/')],
          })
          const { differences } = report.results[0]!
          const fields = [
            ...(old.status !== neu.status ? ['status', 'body'] : []),
            ...(JSON.stringify(old.calls) !== JSON.stringify(neu.calls)
              ? ['calls']
              : []),
          ]
          expect(differences.map((d) => d.field)).toEqual(fields)
          for (const difference of differences) {
            expect(difference.rules).toEqual([ruleOf(t)])
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
