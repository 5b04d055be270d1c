/**
 * `npm run check:package`: builds from scratch, packs once, and lints the tarball the
 * way it will be published: `publint --strict` and `attw --profile esm-only` (ESM
 * consumers under node16 and bundler resolution), side by side on the same tarball.
 *
 * @module
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const windows = process.platform === 'win32'
const bin = (name: string) =>
  join(root, 'node_modules', '.bin', windows ? `${name}.cmd` : name)

/** Runs a command to completion, its output collected. */
function run(
  command: string,
  args: readonly string[],
): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: root, shell: windows })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? 1, output }))
  })
}

function step(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, {
    cwd: root,
    shell: windows,
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`)
    throw new Error(`${command} ${args.join(' ')} failed`)
  }
  return result.stdout
}

/**
 * The built `shallot-migrate` executable: with a TypeScript loader it reports a
 * fixture stack's differences (exit 1); without one it says which loader to use
 * (exit 2).
 */
async function binCheck(): Promise<{ name: string; code: number; output: string }> {
  const name = 'shallot-migrate (built)'
  const built = join(root, 'dist', 'adapters', 'migrate', 'shallot-migrate.js')
  const stack = 'tests/adapters/migrate/fixtures/migration-stack.ts'
  const loaded = await run(process.execPath, ['--import', 'tsx', built, stack])
  const plain = await run(process.execPath, [built, stack])
  const ok =
    loaded.code === 1 &&
    loaded.output.includes('1 of 2 requests answered differently') &&
    plain.code === 2 &&
    plain.output.includes('run with a loader')
  return { name, code: ok ? 0 : 1, output: `${loaded.output}\n${plain.output}` }
}

const npm = windows ? 'npm.cmd' : 'npm'
const dir = mkdtempSync(join(tmpdir(), 'shallot-pack-'))
try {
  // A clean build: tsc leaves behind outputs it no longer emits (a deleted module,
  // source maps once turned off), and `files` would pack them.
  rmSync(join(root, 'dist'), { recursive: true, force: true })
  step(npm, ['run', 'build', '--silent'])
  const packed = JSON.parse(
    step(npm, ['pack', '--json', '--silent', '--pack-destination', dir]),
  ) as { filename: string; files: unknown[] }[]
  const tarball = join(dir, packed[0]!.filename)
  console.log(`Packed ${packed[0]!.filename} (${packed[0]!.files.length} files).`)

  const checks = await Promise.all([
    run(bin('publint'), ['run', '--strict', tarball]).then((r) => ({
      name: 'publint --strict',
      ...r,
    })),
    run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-color']).then((r) => ({
      name: 'attw --profile esm-only',
      ...r,
    })),
    binCheck(),
  ])
  for (const check of checks) {
    console.log(`\n── ${check.name}: ${check.code === 0 ? 'ok' : 'FAILED'}\n`)
    console.log(check.output.trim())
  }
  if (checks.some((check) => check.code !== 0)) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
