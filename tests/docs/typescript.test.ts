// The docs checks that need the TypeScript compiler, sharing one program:
//
// - TSDoc completeness: every export of every entry point (package.json `exports`:
//   `shallot` -> src/index.ts, `shallot/<name>` -> adapters/<name>/index.ts) has a
//   TSDoc summary, every value export an @example, and the entry point's reference
//   page (docs/reference/core.md, docs/reference/<name>.md) a heading naming it.
// - Code blocks: every ```ts block in README.md and docs/**/*.md, and every ```ts
//   block under an @example in the TSDoc of src/ and adapters/, is type-checked (in
//   that one program, `shallot` mapped to the sources) and run (all in one tsx
//   process, alongside the type check). A block opts out of running, never of type
//   checking, with a `no-run: reason` marker; `console.log(x) // text` asserts that
//   the call printed `text`. See tests/docs/README.md.
import { execFile } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allBlocks, expectedOutput, root, type Block } from './blocks.js'
import type { Job, RunResult } from './run-blocks.js'
import { entryPoints, referenceProblems, tsdocProblems } from './tsdoc.js'

const blocks = allBlocks()
const entries = entryPoints()
const dir = mkdtempSync(join(tmpdir(), 'shallot-docs-'))
const fileOf = (index: number) => join(dir, 'blocks', `block-${index}.mts`)
const diagnostics = new Map<string, string[]>()
const results = new Map<string, RunResult>()
let program: ts.Program

/**
 * `shallot` -> src/index.ts, `shallot/middleware` -> src/middleware/index.ts (built-in
 * middleware, part of the core's tree), `shallot/cookies` -> src/cookies/index.ts,
 * `shallot/urls` -> src/urls/index.ts,
 * `shallot/<name>` -> adapters/<name>/index.ts.
 */
const paths = {
  shallot: [join(root, 'src/index.ts')],
  'shallot/middleware': [join(root, 'src/middleware/index.ts')],
  'shallot/cookies': [join(root, 'src/cookies/index.ts')],
  'shallot/urls': [join(root, 'src/urls/index.ts')],
  'shallot/*': [join(root, 'adapters/*/index.ts')],
}

/** The repository's compiler options, plus the mapping and module detection for blocks. */
function compilerOptions(): ts.CompilerOptions {
  const read = ts.readConfigFile(join(root, 'tsconfig.json'), (path) =>
    ts.sys.readFile(path),
  )
  const { error } = read
  const config = read.config as object
  if (error !== undefined) {
    throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  }
  const parsed = ts.parseJsonConfigFileContent(
    { ...config, include: [], files: [] },
    ts.sys,
    dir,
  )
  return {
    ...parsed.options,
    noEmit: true,
    paths,
    // A block without imports is still a module of its own.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // Blocks often declare a thing only to show it.
    noUnusedLocals: false,
    noUnusedParameters: false,
  }
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
}

/** Type-checks every block in one program, which also holds the entry points. */
function typeCheck(): void {
  const files = blocks.map((_, index) => fileOf(index))
  program = ts.createProgram(
    [...files, ...entries.map((entry) => entry.source)],
    compilerOptions(),
  )
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (global.length > 0) throw new Error(ts.formatDiagnostics(global, formatHost))
  blocks.forEach((block, index) => {
    const source = program.getSourceFile(files[index]!)
    if (source === undefined) throw new Error(`${block.where}: not in the program`)
    const found = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
      if (diagnostic.start === undefined)
        return `${block.where}: TS${diagnostic.code}: ${text}`
      const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start)
      return `${block.file}:${block.firstLine + line}:${character + 1}: TS${diagnostic.code}: ${text}`
    })
    diagnostics.set(block.where, found)
  })
}

/** Starts running the blocks in one tsx process; resolves once their results are read. */
function run(): Promise<void> {
  const jobs: Job[] = blocks.flatMap((block, index) =>
    block.noRun === undefined ? [{ id: block.where, file: fileOf(index) }] : [],
  )
  const tsconfig = join(dir, 'tsconfig.json')
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { paths } }))
  writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs))
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
  const runner = fileURLToPath(new URL('run-blocks.ts', import.meta.url))
  const args = [tsxCli, '--tsconfig', tsconfig, runner]
  args.push(join(dir, 'jobs.json'), join(dir, 'results.json'))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: dir, timeout: 60_000 },
      (error, _, stderr) => {
        if (error !== null) {
          reject(new Error(`the block runner failed: ${error.message}\n${stderr}`))
          return
        }
        const text = readFileSync(join(dir, 'results.json'), 'utf8')
        for (const result of JSON.parse(text) as RunResult[])
          results.set(result.id, result)
        resolve()
      },
    )
  })
}

beforeAll(async () => {
  mkdirSync(join(dir, 'blocks'))
  // Blocks import fp-ts and friends from the repository's node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction')
  blocks.forEach((block, index) => writeFileSync(fileOf(index), block.code))
  const running = run() // a separate process: runs while this one type-checks
  let failure: unknown
  try {
    typeCheck()
  } catch (error) {
    failure = error
  }
  await running
  if (failure !== undefined) throw failure
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('TSDoc completeness', () => {
  it('documents every export of every entry point', () => {
    const { checked, problems } = tsdocProblems(program, entries)
    expect(checked).toBeGreaterThan(20)
    expect(problems).toEqual([])
  })

  it('gives every export a heading on its reference page', () => {
    expect(referenceProblems(program, entries)).toEqual([])
  })
})

describe('docs code blocks', () => {
  it.skipIf(process.env['DOCS_ONLY'])(
    'finds the blocks of README.md, docs/ and the TSDoc examples',
    () => {
      const files = new Set(blocks.map((block) => block.file))
      expect(files).toContain('README.md')
      expect([...files].some((file) => file.startsWith('src/'))).toBe(true)
    },
  )

  it.each(blocks.map((block): [string, Block] => [block.where, block]))(
    '%s type-checks and runs',
    (_, block) => {
      expect(problemsOf(block)).toEqual([])
    },
  )
})

/** Everything wrong with one block, as lines for the failure message. */
function problemsOf(block: Block): string[] {
  const problems: string[] = []
  if (block.markerProblem !== undefined) problems.push(block.markerProblem)
  problems.push(
    ...(diagnostics.get(block.where) ?? [`${block.where}: not type-checked`]),
  )
  if (block.noRun !== undefined) return problems
  const result = results.get(block.where)
  if (result === undefined) return [...problems, `${block.where}: was not run`]
  if (result.error !== undefined) {
    problems.push(`${block.where} threw: ${result.error}`)
    if (result.logs.length > 0) problems.push(`it printed: ${result.logs.join('\n')}`)
    problems.push(...result.otherConsole)
    return problems
  }
  const expected = expectedOutput(block.code)
  const printed = result.logs.map((line) => line.trimEnd())
  if (!isSubsequence(expected, printed)) {
    problems.push(
      `${block.where}: expected these lines, in order: ${JSON.stringify(expected)}`,
      `it printed: ${JSON.stringify(printed)}`,
    )
  }
  return problems
}

/** Whether `expected` appears in `actual` in order, other lines allowed in between. */
function isSubsequence(
  expected: readonly string[],
  actual: readonly string[],
): boolean {
  let at = 0
  for (const line of actual) {
    if (at < expected.length && line === expected[at]) at++
  }
  return at === expected.length
}
