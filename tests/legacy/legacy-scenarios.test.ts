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
import { describe, expect, it } from 'vitest'
import { legacyStack } from '../../adapters/legacy/index.js'
import {
  calls,
  hookClass,
  leaks,
  recordingLogger,
  recordingView,
  recordText,
  request,
  scenarioName,
  scenarioOutcome,
  scenarios,
  type Scenario,
} from '../support/index.js'

async function run(scenario: Scenario, async: boolean): Promise<void> {
  const expected = scenarioOutcome(scenario, 'old')
  const log: string[] = []
  const setup = scenario.setup(log)
  const logger = recordingLogger()
  const handler = legacyStack({
    middleware: [
      hookClass('A', log, { ...setup.A, async }),
      hookClass('B', log, { ...setup.B, async }),
      hookClass('C', log, { ...setup.C, async }),
    ],
    view: setup.view ?? recordingView(log),
    logger,
  })

  const response = await handler(request())

  expect(response).toBeInstanceOf(Response)
  expect(response.status).toBe(expected.status)
  const body = await response.text()
  if (expected.body === 'default') {
    expect(leaks(body, expected.error)).toEqual([])
    if (expected.error instanceof Error) {
      expect(body).not.toContain(expected.error.message)
    }
  } else {
    expect(body).toBe(expected.body)
  }
  expect(log).toEqual(calls(expected.log))
  if (expected.logged !== undefined) {
    const errors = logger.at('error').map(recordText)
    expect(errors.some((text) => text.includes(expected.logged!))).toBe(true)
  }
}

describe('scenarios S01–S30, old style (legacyStack)', () => {
  for (const scenario of scenarios) {
    it(scenarioName(scenario, 'old'), () => run(scenario, false))
  }
})

describe('the same scenarios with every hook async (a promise-returning method)', () => {
  for (const scenario of scenarios) {
    it(`${scenarioName(scenario, 'old')} [async hooks]`, () => run(scenario, true))
  }
})
