/**
 * The migration comparison on every conformance scenario S01–S30 (semantics.md §5):
 * a scenario whose OLD and NEW outcomes differ in the table is reported, each
 * difference labelled with the M9/M10 rule that explains it; one where they agree is
 * reported the same. The call logs the comparison records are checked against the
 * table's own logs, so the labels rest on what really ran.
 */
import { describe, expect, it } from 'vitest'
import { compareStacks, type MigrationRuleId } from '../../../adapters/migrate/index.js'
import {
  calls,
  hookClass,
  recordingView,
  scenarioOutcome,
  scenarios,
  type Scenario,
} from '../../support/index.js'

/** The rule that explains each scenario that differs between the styles. */
const EXPLAINED_BY: Readonly<Record<string, MigrationRuleId>> = {
  S02: 'M9.1',
  S03: 'M9.1',
  S22: 'M10.template-request',
  S23: 'M9.2',
  S24: 'M9.2',
  S25: 'M9.2',
  S27: 'M9.3',
  S28: 'M9.3',
  S29: 'M10.none',
}

/** Whether the table gives the two styles different outcomes. */
function differsInTable(scenario: Scenario): boolean {
  const old = scenarioOutcome(scenario, 'old')
  const neu = scenarioOutcome(scenario, 'new')
  return old.status !== neu.status || old.body !== neu.body || old.log !== neu.log
}

async function compareScenario(scenario: Scenario) {
  const log: string[] = []
  const setup = scenario.setup(log)
  const middleware = (['A', 'B', 'C'] as const).map((name) =>
    hookClass(name, log, setup[name]),
  )
  const report = await compareStacks({
    middleware,
    view: setup.view ?? recordingView(log),
    requests: [{ url: '/view/' }],
  })
  return { report, result: report.results[0]! }
}

/** The table's log without rendering entries, which the comparison does not trace. */
const traceOf = (log: string) =>
  calls(log).filter((entry) => !entry.endsWith('.render'))

describe('compareStacks on S01–S30: every difference between the styles is found and labelled', () => {
  for (const scenario of scenarios) {
    const differs = differsInTable(scenario)
    const rule = EXPLAINED_BY[scenario.id]
    it(`${scenario.id} — ${differs ? `reported, labelled ${rule}` : 'reported the same'}`, async () => {
      const { report, result } = await compareScenario(scenario)

      expect(result.old.calls).toEqual(traceOf(scenarioOutcome(scenario, 'old').log))
      expect(result.new.calls).toEqual(traceOf(scenarioOutcome(scenario, 'new').log))
      expect(result.old.status).toBe(scenarioOutcome(scenario, 'old').status)
      expect(result.new.status).toBe(scenarioOutcome(scenario, 'new').status)
      expect(report.differing).toBe(differs ? 1 : 0)
      if (!differs) {
        expect(rule).toBeUndefined()
        expect(result.differences).toEqual([])
        return
      }
      expect(rule).toBeDefined()
      expect(result.differences.length).toBeGreaterThan(0)
      for (const difference of result.differences) {
        expect(difference.rules).toEqual([rule])
      }
      expect(result.differences.map((d) => d.field)).toContain('calls')
    })
  }

  it('every scenario the table says differs has a rule in this test, and no other', () => {
    const differing = scenarios.filter(differsInTable).map((s) => s.id)
    expect(differing).toEqual(Object.keys(EXPLAINED_BY))
  })
})
