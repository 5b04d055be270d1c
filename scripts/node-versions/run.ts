/**
 * `npm run test:node-versions`: the core, built-in and Node adapter suites, with the
 * property tests, on each Node that `sh scripts/node-versions/install.sh` installs (22
 * and 24), one after the other, without coverage. Prints a line per version, writes
 * the counts where `.ci/run` adds them to its closing `Tests:` line, and fails when any
 * version fails. Without the binaries (not installed, or not linux-x64) it says so and
 * succeeds: the main `npm test` does not need them.
 *
 * Arguments replace the default suites, e.g.
 * `npm run test:node-versions -- tests/src/compose.test.ts`.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const here = fileURLToPath(new URL('.', import.meta.url))
const cache = join(root, 'node_modules/.cache/shallot/node-versions')
/** Read by `.ci/run`; removed first, so a skipped run leaves no stale counts. */
const summary = join(cache, 'summary.json')

/** The aliases in package.json next to this file. */
const ALIASES = ['node22', 'node24'] as const
const SUITES = ['tests/src', 'tests/adapters/node', 'tests/properties']

interface Outcome {
  readonly node: string
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  /** Vitest's exit code: also non-zero for a file that fails to load. */
  readonly exitCode: number
  readonly seconds: number
}

/** The fields of vitest's JSON report that are read here. */
interface Report {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
}

function run(binary: string, suites: readonly string[], report: string): Outcome {
  const node = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()
  console.log(`\nnode-versions: ${suites.join(' ')} on Node ${node}`)
  rmSync(report, { force: true })
  const started = performance.now()
  // Vitest's own entry, so that its workers run on `binary` too (they use execPath).
  // The type tests are left to `npm test`: tsc does not depend on the Node version.
  const vitest = spawnSync(
    binary,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      ...suites,
      '--typecheck.enabled=false',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: root, stdio: 'inherit' },
  )
  const seconds = Math.round((performance.now() - started) / 1000)
  const counts: Partial<Report> = existsSync(report)
    ? (JSON.parse(readFileSync(report, 'utf8')) as Report)
    : {}
  return {
    node,
    passed: counts.numPassedTests ?? 0,
    failed: counts.numFailedTests ?? 0,
    skipped: counts.numPendingTests ?? 0,
    exitCode: vitest.status ?? 1,
    seconds,
  }
}

rmSync(summary, { force: true })
const binary = (alias: string) => join(here, 'node_modules', alias, 'bin/node')
if (!ALIASES.every((alias) => existsSync(binary(alias)))) {
  console.log(
    'node-versions: skipped, Node 22 and 24 are not installed. ' +
      'Run `sh scripts/node-versions/install.sh` first (linux-x64 only).',
  )
} else {
  mkdirSync(cache, { recursive: true })
  const args = process.argv.slice(2)
  const suites = args.length > 0 ? args : SUITES
  const outcomes = ALIASES.map((alias) =>
    run(binary(alias), suites, join(cache, `${alias}.json`)),
  )
  writeFileSync(summary, JSON.stringify(outcomes, null, 2))
  console.log('')
  for (const o of outcomes) {
    const verdict =
      o.exitCode === 0 ? 'ok' : `FAILED (vitest exited with ${o.exitCode})`
    console.log(
      `node-versions: Node ${o.node}: ${o.passed} passed, ${o.failed} failed, ` +
        `${o.skipped} skipped in ${o.seconds} s: ${verdict}`,
    )
  }
  if (outcomes.some((o) => o.exitCode !== 0)) process.exitCode = 1
}
