/**
 * Conformance scenarios S01–S30 (semantics.md §5), old style: the OLD (or
 * OLD == NEW) outcome of each, run through
 * `legacyStack({ middleware: [A, B, C], view })`. The scenarios (setups and both
 * styles' outcomes) are the shared table in `tests/support/scenarios.ts`.
 *
 * The call logs leave out the informational `signal:` and `convert(...)` entries;
 * Django's `process_*` names are written camelCase and `Exception`/`Http404` are
 * `Error`/`NotFound` (§7.1). S14 has no OLD line (`BadRequest` is new-style only); it
 * runs here as Django 1.9's `MultiPartParserError`, which shallot spells `BadRequest`
 * (§7.1) and which O12 turns into a 400.
 */
import { describe, it } from 'vitest'
import { legacyStack } from '../../../adapters/legacy/index.js'
import { scenarioName, scenarios } from '../../support/index.js'
import { runScenario, type StackBuilder } from '../../support/run-scenario.js'

const build: StackBuilder = (classes, view, logger) =>
  legacyStack({ middleware: classes, view, logger })

describe('scenarios S01–S30, old style (legacyStack)', () => {
  for (const scenario of scenarios) {
    it(scenarioName(scenario, 'old'), () => runScenario(scenario, 'old', false, build))
  }
})

describe('the same scenarios with every hook async (a promise-returning method)', () => {
  for (const scenario of scenarios) {
    it(`${scenarioName(scenario, 'old')} [async hooks]`, () =>
      runScenario(scenario, 'old', true, build))
  }
})
