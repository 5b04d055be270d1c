/**
 * The `shallot-migrate` command: in process through `main` (arguments, module shapes,
 * output, exit status), and once as a real process through its executable.
 */
import { execFile } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { MigrationReport } from '../../adapters/legacy/index.js'
import { main, USAGE } from '../../adapters/legacy/migrate-cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')

async function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const status = await main(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    cwd: root,
  })
  return { status, out: out.join('\n'), err: err.join('\n') }
}

describe('shallot-migrate', () => {
  it('reports the differences of a module’s `migration` export and exits 1', async () => {
    const { status, out, err } = await run('tests/legacy/fixtures/migration-stack.ts')
    expect(err).toBe('')
    expect(status).toBe(1)
    expect(out).toContain('1 of 2 requests answered differently')
    expect(out).toContain('#1 GET http://localhost/admin/')
    expect(out).toContain('  header x-stamp  [M9.1 short-circuit reach]')
  })

  it('exits 0 when every request answers the same; reads a default export and --requests traffic', async () => {
    const { status, out } = await run(
      'tests/legacy/fixtures/same-stack.ts',
      '--requests',
      'tests/legacy/fixtures/traffic.log',
      '--all',
    )
    expect(status).toBe(0)
    expect(out).toContain('0 of 2 requests answered differently')
    expect(out).toContain('#1 GET http://localhost/admin/users: same (200)')
  })

  it('--json prints the report as data', async () => {
    const { status, out } = await run(
      'tests/legacy/fixtures/migration-stack.ts',
      '--json',
    )
    expect(status).toBe(1)
    const report = JSON.parse(out) as MigrationReport
    expect(report.differing).toBe(1)
    expect(report.results[1]!.differences.map((d) => d.rules)).toEqual([
      ['M9.1'],
      ['M9.1'],
    ])
  })

  it('--ignore-header leaves a header out', async () => {
    const { out } = await run(
      'tests/legacy/fixtures/migration-stack.ts',
      '--ignore-header',
      'X-Stamp',
    )
    expect(out).not.toContain('header x-stamp')
    expect(out).toContain('  calls  [M9.1 short-circuit reach]')
  })

  it('--help prints the usage and exits 0', async () => {
    expect(await run('--help')).toEqual({ status: 0, out: USAGE, err: '' })
  })

  it.each([
    [[], 'shallot-migrate: which module? Give its path.'],
    [['a.ts', '--bogus'], 'shallot-migrate: unknown option --bogus.'],
    [['a.ts', 'b.ts'], 'shallot-migrate: one module only, got a.ts and b.ts.'],
    [['a.ts', '--requests'], 'shallot-migrate: --requests needs a value.'],
  ])('usage error %j: says what is wrong, exits 2', async (argv, message) => {
    const { status, err } = await run(...argv)
    expect(status).toBe(2)
    expect(err).toBe(`${message}\nRun shallot-migrate --help for usage.`)
  })

  it.each([
    [
      'tests/legacy/fixtures/traffic.log',
      'tests/legacy/fixtures/traffic.log is not a JavaScript or TypeScript module.',
    ],
    ['tests/legacy/fixtures/nope.ts', 'tests/legacy/fixtures/nope.ts: no such module.'],
    [
      'tests/legacy/fixtures/compare-none.ts',
      'tests/legacy/fixtures/compare-none.ts exports no stack: export default (or export const migration =) { middleware, view, requests }.',
    ],
  ])('a module that cannot serve (%s) is named, exit 2', async (module, message) => {
    const { status, err } = await run(module)
    expect(status).toBe(2)
    expect(err).toBe(
      `shallot-migrate: ${message}\nRun shallot-migrate --help for usage.`,
    )
  })

  it('a stack without requests is named, exit 2', async () => {
    const noRequests = await run('tests/legacy/fixtures/same-stack.ts')
    expect(noRequests.status).toBe(2)
    expect(noRequests.err).toContain(
      'shallot-migrate: tests/legacy/fixtures/same-stack.ts exports no requests: add requests to its stack or pass --requests <file>.',
    )
  })

  it('runs as a process: the executable prints the report and sets the exit status', async () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const child = promisify(execFile)(
      process.execPath,
      [
        tsx,
        'adapters/legacy/shallot-migrate.ts',
        'tests/legacy/fixtures/migration-stack.ts',
      ],
      { cwd: root, timeout: 20_000 },
    )
    const error = (await child.then(
      () => undefined,
      (e: unknown) => e,
    )) as { code?: number; stdout?: string } | undefined
    expect(error?.code).toBe(1)
    expect(error?.stdout).toContain('1 of 2 requests answered differently')
  })
})
