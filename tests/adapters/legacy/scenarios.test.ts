/**
 * Conformance scenarios S01–S30 (semantics.md §5), new style: the NEW (or
 * OLD == NEW) outcome of each, run through
 * `createHandler({ middleware: [fromHooks(A), fromHooks(B), fromHooks(C)], view })`.
 * The scenarios (setups and both styles' outcomes) are the shared table in
 * `tests/support/scenarios.ts`.
 *
 * The call logs leave out the informational `signal:` and `convert(...)` entries;
 * Django's `process_*` names are written camelCase and `Exception`/`Http404` are
 * `Error`/`NotFound` (§7.1). Where shallot deliberately differs (§7.2: D1 for S29,
 * D2 for S22) the test asserts shallot's documented behaviour and cites both ids.
 */
import { describe, it } from 'vitest'
import { fromHooks } from '../../../adapters/legacy/index.js'
import { createHandler } from '../../../src/index.js'
import { scenarioName, scenarios } from '../../support/index.js'
import { runScenario, type StackBuilder } from '../../support/run-scenario.js'

const build: StackBuilder = (classes, view, logger) =>
  createHandler({
    middleware: classes.map((HookClass) => fromHooks(HookClass)),
    view,
    logger,
  })

describe('scenarios S01–S30, new style (createHandler + fromHooks)', () => {
  for (const scenario of scenarios) {
    it(scenarioName(scenario, 'new'), () => runScenario(scenario, 'new', false, build))
  }
})

describe('M6 — the same scenarios with every hook async (a promise-returning method)', () => {
  for (const scenario of scenarios) {
    it(`${scenarioName(scenario, 'new')} [M6: async hooks]`, () =>
      runScenario(scenario, 'new', true, build))
  }
})
