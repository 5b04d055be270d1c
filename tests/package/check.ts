/**
 * `npm run check:package`: builds from scratch, packs once, and checks the tarball the
 * way it will be published, side by side: `publint --strict`; `attw` under every
 * resolution (node10, node16 from CommonJS and from ESM, bundler); the file list;
 * every entry `require`d from a `.cjs` file; the built `shallot-migrate`. A check
 * that passes prints one line, one that fails its whole output.
 *
 * @module
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENTRIES, publishedFiles } from '../../scripts/entries.js'

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
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? 1, output }))
  })
}

interface Check {
  readonly name: string
  readonly code: number
  readonly output: string
  /** What a pass means, printed instead of the output. */
  readonly summary: string
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
async function binCheck(): Promise<Check> {
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
  return {
    name,
    code: ok ? 0 : 1,
    output: `${loaded.output}\n${plain.output}`,
    summary: 'reports a stack with a loader (exit 1), asks for one without (exit 2)',
  }
}

/** What `files` ships besides `dist/`: exactly these. */
const TOP_LEVEL = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']

/**
 * The tarball holds `dist/` and the top-level files, nothing else, and every file
 * that `exports` names.
 */
function filesCheck(files: readonly string[]): Check {
  const name = 'packed files'
  const outside = files.filter(
    (file) => !file.startsWith('dist/') && !TOP_LEVEL.includes(file),
  )
  const named = ENTRIES.flatMap((entry) =>
    (Object.values(publishedFiles(entry)) as string[]).map((file) => file.slice(2)),
  )
  const missing = [...TOP_LEVEL, ...named].filter((file) => !files.includes(file))
  return {
    name,
    code: outside.length + missing.length === 0 ? 0 : 1,
    output: [
      ...outside.map((file) => `not expected in the tarball: ${file}`),
      ...missing.map((file) => `missing from the tarball: ${file}`),
    ].join('\n'),
    summary: `${files.length} files: dist/ and ${TOP_LEVEL.join(', ')}`,
  }
}

/**
 * A CommonJS consumer of the unpacked tarball (Node >= 20.19 `require`s ES modules):
 * every entry loads from `require` and has its sample function, the same one
 * `import` gives (one copy of the code, not two).
 */
const consumer = `'use strict'
const entries = JSON.parse(process.argv[2])
const problems = []
Promise.all(
  entries.map(async ([name, sample]) => {
    const required = require(name)[sample]
    if (typeof required !== 'function') problems.push(name + ': require() gives no ' + sample)
    else if ((await import(name))[sample] !== required)
      problems.push(name + ': require() and import give two different ' + sample)
  }),
).then(() => {
  if (problems.length > 0) {
    console.error(problems.join('\\n'))
    process.exitCode = 1
  }
})
`

async function requireCheck(tarball: string, dir: string): Promise<Check> {
  const name = 'require() from CommonJS'
  const modules = join(dir, 'consumer', 'node_modules')
  mkdirSync(modules, { recursive: true })
  step('tar', ['-xzf', tarball, '-C', modules])
  renameSync(join(modules, 'package'), join(modules, 'shallot'))
  const script = join(dir, 'consumer', 'check.cjs')
  writeFileSync(script, consumer)
  const entries = ENTRIES.map((entry) => [entry.name, entry.sample])
  const result = await run(process.execPath, [script, JSON.stringify(entries)])
  return {
    name,
    ...result,
    summary: `${ENTRIES.length} entries, each the same module as from import`,
  }
}

const npm = windows ? 'npm.cmd' : 'npm'
const dir = mkdtempSync(join(tmpdir(), 'shallot-pack-'))
try {
  // A clean build: tsc leaves behind outputs it no longer emits (a deleted module,
  // source maps once turned off), and `files` would pack them.
  rmSync(join(root, 'dist'), { recursive: true, force: true })
  step(npm, ['run', 'build', '--silent'])
  const [packed] = JSON.parse(
    step(npm, ['pack', '--json', '--silent', '--pack-destination', dir]),
  ) as { filename: string; files: { path: string }[] }[]
  const tarball = join(dir, packed!.filename)
  console.log(`Packed ${packed!.filename} (${packed!.files.length} files).`)

  const checks = await Promise.all([
    run(bin('publint'), ['run', '--strict', tarball]).then((r) => ({
      name: 'publint --strict',
      ...r,
      summary: 'all good',
    })),
    // Every resolution: node10 too, which typesVersions serves.
    run(bin('attw'), [tarball, '--no-color']).then((r) => ({
      name: 'attw',
      ...r,
      summary: `no problem for ${ENTRIES.length} entries under node10, node16 (CJS and ESM) and bundler`,
    })),
    Promise.resolve(filesCheck(packed!.files.map((file) => file.path))),
    requireCheck(tarball, dir),
    binCheck(),
  ])
  for (const check of checks) {
    if (check.code === 0) console.log(`ok ${check.name}: ${check.summary}`)
    else console.log(`\n── ${check.name}: FAILED\n\n${check.output.trim()}\n`)
  }
  if (checks.some((check) => check.code !== 0)) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
