/**
 * Runs one conformance scenario through a stack built by the caller (new style or old)
 * and asserts the outcome the table gives for that style.
 */
import { expect } from 'vitest'
import type { HookClass } from '../../adapters/legacy/index.js'
import type { Handler, Logger, View } from '../../src/index.js'
import {
  calls,
  hookClass,
  leaks,
  recordingLogger,
  recordingView,
  recordText,
  request,
} from './index.js'
import { scenarioOutcome, type Scenario, type ScenarioStyle } from './scenarios.js'

/** Builds a stack of the classes A, B and C (top first) around the view. */
export type StackBuilder = (classes: HookClass[], view: View, logger: Logger) => Handler

export async function runScenario(
  scenario: Scenario,
  style: ScenarioStyle,
  async: boolean,
  build: StackBuilder,
): Promise<void> {
  const expected = scenarioOutcome(scenario, style)
  const log: string[] = []
  const setup = scenario.setup(log)
  const logger = recordingLogger()
  const classes = (['A', 'B', 'C'] as const).map((name) =>
    hookClass(name, log, { ...setup[name], async }),
  )
  const handler = build(classes, setup.view ?? recordingView(log), logger)

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
