/**
 * The report's summary: each target's ratio on every Node measured, side by side, as
 * the performance topic quotes it.
 *
 * @module
 */
import type { HttpResult } from './http/index.js'
import type { Report } from './report.js'

export interface NodeRun {
  readonly version: string
  readonly dispatch: Report
  readonly http?: readonly HttpResult[] | undefined
}

/** A row: what is measured, its target, and how to read it from one Node's run. */
interface Row {
  readonly name: string
  readonly target: string
  readonly value: (run: NodeRun) => number | undefined
}

const check = (prefix: string) => (run: NodeRun) =>
  [...run.dispatch.checks, ...run.dispatch.goals].find((c) => c.name.startsWith(prefix))
    ?.value

const rps = (id: string) => (run: NodeRun) =>
  run.http?.find((r) => r.id === id)?.medianRps

const over =
  (a: (run: NodeRun) => number | undefined, b: (run: NodeRun) => number | undefined) =>
  (run: NodeRun) => {
    const x = a(run)
    const y = b(run)
    return x === undefined || y === undefined ? undefined : x / y
  }

const ROWS: readonly Row[] = [
  {
    name: '`createHandler`, N = 10, to hand-written async closures',
    target: '≤ 1.7×',
    value: check('createHandler ≤'),
  },
  {
    name: "Hono's `compose` time over `createHandler`'s, N = 10",
    target: '≥ 1.5×',
    value: check('createHandler ≥ 1.5×'),
  },
  {
    name: "Middy's time over `createHandler`'s, N = 10",
    target: '≥ 1.25×',
    value: check('createHandler ≥ 1.25×'),
  },
  {
    name: '`compose` to hand-written async closures, worst N',
    target: '≤ 1.05×',
    value: check('compose ≤'),
  },
  {
    name: 'a `fromHooks` layer to a native layer (ns/layer)',
    target: '≤ 1.5×',
    value: check('goal: a fromHooks'),
  },
  {
    name: 'a `fromKoa` layer to a koa-compose layer (ns/layer)',
    target: '',
    value: check('reference: a fromKoa'),
  },
  {
    name: 'a `fromMiddy` layer to a Middy layer (ns/layer)',
    target: '',
    value: check('reference: a fromMiddy'),
  },
  {
    name: 'HTTP: shallot/node `text()` to srvx + `FastResponse`',
    target: '≥ 1×',
    value: over(rps('shallotText'), rps('srvx')),
  },
  {
    name: 'HTTP: shallot/node `text()` to @hono/node-server + Hono',
    target: '≥ 1.15×',
    value: over(rps('shallotText'), rps('hono')),
  },
  {
    name: 'HTTP: shallot/node `text()` to bare node:http',
    target: '≥ 0.7×',
    value: over(rps('shallotText'), rps('node')),
  },
  {
    name: 'HTTP: shallot/node `new Response()` to bare node:http',
    target: '',
    value: over(rps('shallotResponse'), rps('node')),
  },
]

/** The summary table, one column per Node. */
export function summaryMarkdown(runs: readonly NodeRun[]): string {
  const cell = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(2)}×`)
  return [
    '## Summary',
    '',
    'Each target of the same run, as a ratio, on every Node measured.',
    '',
    `| measured | target | ${runs.map((r) => `Node ${r.version}`).join(' | ')} |`,
    `| --- | --- | ${runs.map(() => '---:').join(' | ')} |`,
    ...ROWS.map(
      (row) =>
        `| ${row.name} | ${row.target || 'none'} | ${runs.map((r) => cell(row.value(r))).join(' | ')} |`,
    ),
  ].join('\n')
}
