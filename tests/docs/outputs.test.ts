// Every shown output is checked. Each ```text block of README.md and docs/**/*.md says
// what it is on the line before its fence: `<!-- output: <command> -->` (checked here),
// `<!-- not-output: what it is -->`, or, for output no CI machine can produce,
// `<!-- output-unchecked: why -->`. See tests/docs/README.md, "Shown output".
//
// - Tutorial pages: the reader's folder is rebuilt in a temporary directory (part 1's
//   package.json and tsconfig.json, then the page's captioned files, in page order)
//   and the command, one the page shows in a ```sh block before, is run there:
//   `npx tsx <file>`, `npx tsc` (the reader's tsconfig, not the repository's), `curl`
//   against a server the page started, `npm pack`, `a && b` (reader-setup.ts).
// - Other pages: `tsc (block above)` / `tsc (block below)` type-checks the nearest ```ts
//   block of the section with the repository's tsconfig, its `@ts-expect-error` lines
//   removed, and compares the messages (`error TS2322: ...`); `tsc`, `npx tsx` or
//   `workerd` followed by a file of tests/docs/fixtures/ checks a message or output
//   that the page shows without its code.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { markdownFiles, rel, root } from './blocks.js'
import { normalise, shows } from './expected-output.js'
import { fences, type Fence } from './fences.js'
import { spawnRuntime } from '../runtimes/spawn.js'
import { capnpConfig } from '../runtimes/workerd-server.js'
import { ReaderFolder, type ReaderFile } from './reader-setup.js'

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
const MARKERS = new Set(['output', 'not-output', 'output-unchecked'])
const pages = markdownFiles().map((path) => ({ file: rel(path), fences: fences(path) }))
const textBlocks = pages.flatMap((page) =>
  page.fences.filter((fence) => fence.lang === 'text'),
)
const outputs = textBlocks.filter((fence) => fence.marker?.kind === 'output')
const isTutorial = (where: string) => where.startsWith('docs/tutorial/')

describe('text blocks', () => {
  it('finds the text blocks of README.md and docs/', () => {
    expect(textBlocks.length).toBeGreaterThan(10)
    expect(outputs.some((fence) => isTutorial(fence.where))).toBe(true)
  })

  it.each(textBlocks.map((fence): [string, Fence] => [fence.where, fence]))(
    '%s says whether it is output',
    (_, fence) => {
      const marker = fence.marker
      const problem =
        marker === undefined || !MARKERS.has(marker.kind)
          ? 'no <!-- output: command -->, <!-- not-output: what --> or <!-- output-unchecked: why --> on the line before'
          : marker.text === ''
            ? `<!-- ${marker.kind}: ... --> needs its command or reason`
            : undefined
      expect(problem).toBeUndefined()
    },
  )
})

// ---- Tutorial pages: the reader's folder ----

/** One output to check on a tutorial page: the files as they are at that point. */
interface Check {
  readonly fence: Fence
  readonly command: string
  readonly files: ReadonlyMap<string, ReaderFile>
}

/**
 * Part 1's setup: its captioned files (tsconfig.json), and the package.json its `npm`
 * commands make (`npm pkg set type=module` makes the files ES modules).
 */
function setupFiles(): Map<string, ReaderFile> {
  const part1 = fences(join(root, 'docs/tutorial/01-first-middleware.md'))
  const commands = part1.filter((f) => f.lang === 'sh').map((f) => f.body)
  const type = commands.some((c) => /npm pkg set type=module/.test(c))
    ? 'module'
    : undefined
  const files = new Map<string, ReaderFile>([
    ['package.json', { content: JSON.stringify({ type }) + '\n', server: false }],
  ])
  for (const fence of part1)
    if (fence.caption !== undefined)
      files.set(fence.caption, { content: fence.body, server: false })
  return files
}

/** The page's captioned files, in order, and a snapshot of them at each output. */
function tutorialChecks(page: { fences: readonly Fence[] }): Check[] {
  const files = setupFiles()
  const checks: Check[] = []
  for (const fence of page.fences) {
    if (fence.caption !== undefined && fence.lang !== 'text') {
      const server = /server/i.test(
        fence.marker?.kind === 'no-run' ? fence.marker.text : '',
      )
      const before = files.get(fence.caption)?.content
      const content =
        fence.lang === 'diff' ? applyDiff(before ?? '', fence) : fence.body
      files.set(fence.caption, { content, server })
    }
    if (fence.lang === 'text' && fence.marker?.kind === 'output')
      checks.push({ fence, command: fence.marker.text, files: new Map(files) })
  }
  return checks
}

/** A ```diff block's `-` lines replaced by its `+` lines (context lines must match). */
function applyDiff(content: string, fence: Fence): string {
  const lines = fence.body.replace(/\n$/, '').split('\n')
  const from = lines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1))
  const to = lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1))
  const old = from.join('\n')
  if (!content.includes(old))
    throw new Error(`${fence.where}: the diff's lines are not in ${fence.caption}`)
  return content.replace(old, to.join('\n'))
}

for (const page of pages.filter((page) => isTutorial(page.file))) {
  const checks = tutorialChecks(page)
  if (checks.length === 0) continue
  describe(page.file, () => {
    let folder: ReaderFolder | undefined
    afterAll(() => folder?.close())

    it.each(
      checks.map((check): [string, string, Check] => [
        check.fence.where,
        check.command,
        check,
      ]),
    )(
      '%s shows what `%s` prints',
      async (_, command, check) => {
        // The command is one the page tells the reader to type, before the output.
        const typed = page.fences
          .slice(0, page.fences.indexOf(check.fence))
          .filter((fence) => fence.lang === 'sh')
          .flatMap((fence) => fence.body.split('\n').map((line) => line.trim()))
        for (const part of command.split(/\s+&&\s+/))
          expect(typed, `\`${part}\` is in no sh block before the output`).toContain(
            part,
          )
        folder ??= new ReaderFolder()
        folder.write(check.files)
        const printed = folder.normalise(await folder.run(command, check.files))
        expectShown(check.fence, printed)
      },
      30_000,
    )
  })
}

// ---- Other pages: compiler messages and fixtures ----

const BLOCK = /^tsc \(block (above|below)\)$/
const FIXTURE = /^(tsc|npx tsx|workerd) (tests\/docs\/fixtures\/[\w.-]+\.[jt]s)$/
const otherOutputs = outputs.filter((fence) => !isTutorial(fence.where))
const compilerChecks = otherOutputs.filter(
  (fence) =>
    BLOCK.test(fence.marker!.text) || FIXTURE.exec(fence.marker!.text)?.[1] === 'tsc',
)

describe.runIf(otherOutputs.length > 0)('outputs on other pages', () => {
  let messages: Map<string, string> | undefined

  it.each(
    otherOutputs.map((fence): [string, string, Fence] => [
      fence.where,
      fence.marker!.text,
      fence,
    ]),
  )(
    '%s shows what `%s` prints',
    async (_, command, fence) => {
      const fixture = FIXTURE.exec(command)
      if (fixture?.[1] === 'workerd')
        return expectShown(fence, await runWorkerd(fixture[2]!))
      if (fixture?.[1] === 'npx tsx')
        return expectShown(fence, await runFixture(fixture[2]!))
      if (!BLOCK.test(command) && fixture === null)
        expect.fail(
          `${fence.where}: <!-- output: ${command} --> is not a command the check knows ` +
            'outside the tutorial: tsc (block above), tsc (block below), ' +
            'tsc, npx tsx or workerd tests/docs/fixtures/<file>',
        )
      messages ??= compileAll()
      expectShown(fence, messages.get(fence.where) ?? '')
    },
    30_000,
  )
})

/** The code a compiler check is about: the nearest ts block of its section, or a fixture. */
function codeFor(fence: Fence): string {
  const command = fence.marker!.text
  const page = pages.find((p) => p.fences.includes(fence))!
  const at = page.fences.indexOf(fence)
  const isTs = (f: Fence) => f.lang === 'ts' || f.lang === 'typescript'
  const direction = BLOCK.exec(command)?.[1]
  if (direction !== undefined) {
    const block =
      direction === 'above'
        ? page.fences.slice(0, at).reverse().find(isTs)
        : page.fences.slice(at + 1).find(isTs)
    if (block !== undefined && sameSection(page.file, block, fence)) return block.body
    throw new Error(`${fence.where}: no ts block ${direction} it in the same section`)
  }
  const fixture = FIXTURE.exec(command)![2]!
  return readFileSync(join(root, fixture), 'utf8')
}

/** Whether no heading stands between two fences of a page. */
function sameSection(file: string, a: Fence, b: Fence): boolean {
  const line = (f: Fence) => Number(f.where.slice(f.where.lastIndexOf(':') + 1))
  // From the earlier fence's opening line to the line before the later one's.
  const from = Math.min(line(a), line(b))
  const to = Math.max(line(a), line(b))
  const lines = readFileSync(join(root, file), 'utf8')
    .split('\n')
    .slice(from - 1, to - 1)
  let inFence = false
  for (const text of lines) {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence
    else if (!inFence && /^#{1,6} /.test(text)) return false
  }
  return true
}

/** Runs a fixture with tsx from the repository root (`shallot` mapped by its tsconfig). */
function runFixture(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [tsxCli, file],
      { cwd: root, timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error !== null)
          reject(new Error(`${file} failed: ${error.message}\n${stderr}`))
        else resolve(stdout + stderr)
      },
    )
  })
}

/**
 * Loads a Workers module fixture in workerd (the runtime tests' binary) and returns
 * what it printed: the fixtures show messages workerd prints at load time, after which
 * it exits.
 */
async function runWorkerd(file: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'shallot-workerd-message-'))
  try {
    copyFileSync(join(root, file), join(dir, 'worker.js'))
    writeFileSync(join(dir, 'config.capnp'), capnpConfig('worker.js'))
    const runtime = spawnRuntime(
      join(root, 'node_modules/.bin/workerd'),
      ['serve', 'config.capnp'],
      {
        cwd: dir,
        maxLifetimeMs: 30_000,
      },
    )
    const exited = new Promise((resolve) => runtime.child.once('exit', resolve))
    const timer = setTimeout(() => void runtime.stop(1_000), 10_000)
    await exited
    clearTimeout(timer)
    return runtime.output()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Type-checks every compiler check's code in one program with the repository's
 * tsconfig (`shallot` mapped to the sources, as for the code blocks), each without
 * its `@ts-expect-error` lines, and returns each one's messages.
 */
function compileAll(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'shallot-messages-'))
  try {
    return compileIn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function compileIn(dir: string): Map<string, string> {
  const files = compilerChecks.map((fence, index) => {
    const path = join(dir, `message-${index}.mts`)
    const code = codeFor(fence)
      .split('\n')
      .filter((line) => !/^\s*\/\/\s*@ts-expect-error\b/.test(line))
      .join('\n')
    writeFileSync(path, code)
    return path
  })
  const read = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const parsed = ts.parseJsonConfigFileContent(
    { ...(read.config as object), include: [], files: [] },
    ts.sys,
    root,
  )
  const program = ts.createProgram(files, {
    ...parsed.options,
    noEmit: true,
    moduleDetection: ts.ModuleDetectionKind.Force,
  })
  const messages = new Map<string, string>()
  compilerChecks.forEach((fence, index) => {
    const source = program.getSourceFile(files[index]!)!
    const found = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map(
      (d) =>
        `error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    )
    messages.set(fence.where, found.join('\n'))
  })
  return messages
}

function expectShown(fence: Fence, printed: string): void {
  if (shows(fence.body, printed)) return
  expect.fail(
    `${fence.where}: the page shows\n${normalise(fence.body)}\n\nbut \`${fence.marker!.text}\` printed\n${normalise(printed)}`,
  )
}
