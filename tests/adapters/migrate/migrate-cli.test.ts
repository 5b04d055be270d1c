/**
 * The `shallot-migrate` command: in process through `main` (arguments, module shapes,
 * output, exit status), and once as a real process through its executable.
 */
import { execFile } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import type { MigrationReport } from '../../../adapters/migrate/index.js'
import {
  main,
  runAsProcess,
  USAGE,
  type CliIo,
} from '../../../adapters/migrate/migrate-cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')

async function runWith(load: CliIo['load'], argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const status = await main(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    cwd: root,
    load,
  })
  return { status, out: out.join('\n'), err: err.join('\n') }
}

const run = (...argv: string[]) => runWith(undefined, argv)

describe('shallot-migrate', () => {
  it('reports the differences of a module’s `migration` export and exits 1', async () => {
    const { status, out, err } = await run(
      'tests/adapters/migrate/fixtures/migration-stack.ts',
    )
    expect(err).toBe('')
    expect(status).toBe(1)
    expect(out).toContain('1 of 2 requests answered differently')
    expect(out).toContain('#1 GET http://localhost/admin/')
    expect(out).toContain('  header x-stamp  [M9.1 short-circuit reach]')
  })

  it('exits 0 when every request answers the same; reads a default export and --requests traffic', async () => {
    const { status, out } = await run(
      'tests/adapters/migrate/fixtures/same-stack.ts',
      '--requests',
      'tests/adapters/migrate/fixtures/traffic.log',
      '--all',
    )
    expect(status).toBe(0)
    expect(out).toContain('0 of 2 requests answered differently')
    expect(out).toContain('#1 GET http://localhost/admin/users: same (200)')
  })

  it('--json prints the report as data', async () => {
    const { status, out } = await run(
      'tests/adapters/migrate/fixtures/migration-stack.ts',
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
      'tests/adapters/migrate/fixtures/migration-stack.ts',
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
      'tests/adapters/migrate/fixtures/traffic.log',
      'tests/adapters/migrate/fixtures/traffic.log is not a JavaScript or TypeScript module.',
    ],
    [
      'tests/adapters/migrate/fixtures/nope.ts',
      'tests/adapters/migrate/fixtures/nope.ts: no such module.',
    ],
    [
      'tests/adapters/migrate/fixtures/compare-none.ts',
      'tests/adapters/migrate/fixtures/compare-none.ts exports no stack: export default (or export const migration =) { middleware, view, requests }.',
    ],
  ])('a module that cannot serve (%s) is named, exit 2', async (module, message) => {
    const { status, err } = await run(module)
    expect(status).toBe(2)
    expect(err).toBe(
      `shallot-migrate: ${message}\nRun shallot-migrate --help for usage.`,
    )
  })

  it('a stack without requests is named, exit 2', async () => {
    const noRequests = await run('tests/adapters/migrate/fixtures/same-stack.ts')
    expect(noRequests.status).toBe(2)
    expect(noRequests.err).toContain(
      'shallot-migrate: tests/adapters/migrate/fixtures/same-stack.ts exports no requests: add requests to its stack or pass --requests <file>.',
    )
  })

  it('a stack’s own ignoreHeaders and --ignore-header add up', async () => {
    const own = await run('tests/adapters/migrate/fixtures/ignoring-stack.ts')
    expect(own.status).toBe(1)
    expect(own.out).toContain(
      '  header x-trace  [unexplained not explained by a known rule]',
    )
    expect(own.out).not.toContain('x-request-id')
    const both = await run(
      'tests/adapters/migrate/fixtures/ignoring-stack.ts',
      '--ignore-header',
      'x-trace',
    )
    expect(both.status).toBe(0)
    expect(both.out).toContain('0 of 1 requests answered differently')
  })

  it('a module that throws while it loads: its error, exit 2, no usage hint', async () => {
    const { status, err } = await run(
      'tests/adapters/migrate/fixtures/throws-on-load.ts',
    )
    expect(status).toBe(2)
    expect(err).toBe('shallot-migrate: cannot load: SETTINGS is not set')
  })

  it('a module that imports a missing one: the import is named, not the module called missing', async () => {
    const { status, err } = await run(
      'tests/adapters/migrate/fixtures/missing-import.ts',
    )
    expect(status).toBe(2)
    expect(err).toContain('does-not-exist')
    expect(err).not.toContain('no such module')
  })

  it('TypeScript without a loader (plain Node): says to run with one, exit 2', async () => {
    const refuse = () =>
      Promise.reject(
        Object.assign(new TypeError('Unknown file extension ".ts"'), {
          code: 'ERR_UNKNOWN_FILE_EXTENSION',
        }),
      )
    const { status, err } = await runWith(refuse, [
      'tests/adapters/migrate/fixtures/same-stack.ts',
    ])
    expect(status).toBe(2)
    expect(err).toBe(
      'shallot-migrate: tests/adapters/migrate/fixtures/same-stack.ts: Node cannot load TypeScript by ' +
        'itself; run with a loader: node --import tsx ./node_modules/.bin/shallot-migrate ' +
        'tests/adapters/migrate/fixtures/same-stack.ts\nRun shallot-migrate --help for usage.',
    )
  })

  it('a load that fails with a value that is not an Error: the value, exit 2', async () => {
    const { status, err } = await runWith(
      () => Promise.reject(null),
      ['tests/adapters/migrate/fixtures/same-stack.ts'],
    )
    expect(status).toBe(2)
    expect(err).toBe('shallot-migrate: null')
  })

  it('runAsProcess: arguments from argv, lines to stdout/stderr, the status to exitCode', async () => {
    const written = { stdout: [] as string[], stderr: [] as string[] }
    const proc = {
      argv: [
        'node',
        'shallot-migrate',
        'tests/adapters/migrate/fixtures/migration-stack.ts',
      ],
      stdout: { write: (text: string) => written.stdout.push(text) },
      stderr: { write: (text: string) => written.stderr.push(text) },
      cwd: () => root,
      exitCode: undefined as number | string | null | undefined,
    }
    await runAsProcess(proc)
    expect(proc.exitCode).toBe(1)
    expect(written.stdout).toHaveLength(1)
    expect(written.stdout[0]).toMatch(/^1 of 2 requests answered differently.*\n$/s)
    expect(written.stderr).toEqual([])

    proc.argv = ['node', 'shallot-migrate', '--bogus']
    await runAsProcess(proc)
    expect(proc.exitCode).toBe(2)
    expect(written.stderr).toEqual([
      'shallot-migrate: unknown option --bogus.\n',
      'Run shallot-migrate --help for usage.\n',
    ])
  })

  it('the executable module runs the command on the process it is loaded in', async () => {
    const { argv, exitCode } = process
    const printed: string[] = []
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk))
      return true
    })
    process.argv = [argv[0]!, 'shallot-migrate', '--help']
    try {
      await import('../../../adapters/migrate/shallot-migrate.js')
      expect(process.exitCode).toBe(0)
    } finally {
      process.argv = argv
      process.exitCode = exitCode
      write.mockRestore()
    }
    expect(printed).toContain(`${USAGE}\n`)
  })

  it('runs as a process: the executable prints the report and sets the exit status', async () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const child = promisify(execFile)(
      process.execPath,
      [
        tsx,
        'adapters/migrate/shallot-migrate.ts',
        'tests/adapters/migrate/fixtures/migration-stack.ts',
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
