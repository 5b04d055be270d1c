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
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import { createHandler } from '../../src/index.js'
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
  const expected = scenarioOutcome(scenario, 'new')
  const log: string[] = []
  const setup = scenario.setup(log)
  const logger = recordingLogger()
  const handler = createHandler({
    middleware: [
      fromHooks(hookClass('A', log, { ...setup.A, async })),
      fromHooks(hookClass('B', log, { ...setup.B, async })),
      fromHooks(hookClass('C', log, { ...setup.C, async })),
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

describe('scenarios S01–S30, new style (createHandler + fromHooks)', () => {
  for (const scenario of scenarios) {
    it(scenarioName(scenario, 'new'), () => run(scenario, false))
  }
})

describe('M6 — the same scenarios with every hook async (a promise-returning method)', () => {
  for (const scenario of scenarios) {
    it(`${scenarioName(scenario, 'new')} [M6: async hooks]`, () => run(scenario, true))
  }
})
