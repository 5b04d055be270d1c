/**
 * Finds the TypeScript code blocks the docs checks type-check and run: fenced ```ts
 * blocks in Markdown, and fenced ```ts blocks under an `@example` tag in TSDoc.
 *
 * Conventions a block may use (see tests/docs/README.md):
 * - `<!-- no-run: reason -->` on the line before a Markdown fence, or
 *   `// no-run: reason` as a block's first line: type-check only, don't execute.
 * - `console.log(...) // text` asserts that this call printed `text`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** One TypeScript code block and where it came from. */
export interface Block {
  /** `README.md:12` or `src/compose.ts:60`: the line of the opening fence. */
  readonly where: string
  /** The block's code, dedented. */
  readonly code: string
  /** The line of the file on which the code's first line sits (1-based). */
  readonly firstLine: number
  /** The file the block came from, relative to the root, with `/` separators. */
  readonly file: string
  /** Why the block is not executed, when it opted out. */
  readonly noRun: string | undefined
  /** A malformed marker (`no-run` without a reason), reported as a failure. */
  readonly markerProblem: string | undefined
}

const TS_LANGS = new Set(['ts', 'typescript', 'mts'])
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/
const NO_RUN_HTML = /^\s*<!--\s*no-run\b:?\s*(.*?)\s*-->\s*$/
const NO_RUN_LINE = /^\s*\/\/\s*no-run\b:?\s*(.*?)\s*$/

/** Posix-style path relative to the root, for messages and links. */
export function rel(path: string): string {
  return relative(root, path).split(sep).join('/')
}

/** Every file under `dir` (relative to the root) whose name passes `keep`. */
export function walk(dir: string, keep: (name: string) => boolean): string[] {
  const start = join(root, dir)
  let entries: string[]
  try {
    if (!statSync(start).isDirectory()) return []
    entries = readdirSync(start)
  } catch {
    return []
  }
  const found: string[] = []
  for (const name of entries.sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(start, name)
    if (statSync(path).isDirectory()) found.push(...walk(rel(path), keep))
    else if (keep(name)) found.push(path)
  }
  return found
}

/**
 * Where `npm run docs:api` writes the generated API reference: not committed (see
 * .gitignore), and its examples are the TSDoc ones, which are checked at the source.
 */
export const generatedApi = join(root, 'docs/reference/api')

/** The Markdown files the docs checks cover: README.md and docs/**\/*.md. */
export function markdownFiles(): string[] {
  const written = walk('docs', (name) => name.endsWith('.md')).filter(
    (file) => !file.startsWith(generatedApi + sep),
  )
  return [join(root, 'README.md'), ...written]
}

/** The source files whose TSDoc examples are checked: src/ and adapters/. */
export function sourceFiles(): string[] {
  const isSource = (name: string) =>
    /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') && !name.includes('.test')
  return [...walk('src', isSource), ...walk('adapters', isSource)]
}

interface Fenced {
  readonly lang: string
  readonly fenceLine: number
  readonly lines: string[]
  readonly before: string | undefined
}

/**
 * The fenced blocks in `lines` (any language), with the nearest non-blank line before
 * each fence. `offset` is the 1-based file line of `lines[0]`.
 */
function fencedBlocks(lines: readonly string[]): Fenced[] {
  const blocks: Fenced[] = []
  let open: { indent: number; marker: string; lang: string; at: number } | undefined
  let body: string[] = []
  let before: string | undefined
  lines.forEach((line, index) => {
    if (open === undefined) {
      const match = FENCE.exec(line)
      if (match !== null) {
        const indent = match[1]!.length
        open = { indent, marker: match[2]!, lang: match[3]!.toLowerCase(), at: index }
        body = []
        before = lines
          .slice(0, index)
          .reverse()
          .find((previous) => previous.trim() !== '')
      }
      return
    }
    const trimmed = line.trim()
    if (
      trimmed.startsWith(open.marker[0]!.repeat(open.marker.length)) &&
      /^(`+|~+)$/.test(trimmed)
    ) {
      blocks.push({ lang: open.lang, fenceLine: open.at, lines: body, before })
      open = undefined
      return
    }
    const indent = open.indent
    body.push(line.slice(Math.min(indent, line.length - line.trimStart().length)))
  })
  return blocks
}

function toBlock(
  file: string,
  fenced: Fenced,
  fenceLineInFile: number,
  htmlMarkers: boolean,
): Block {
  const code = fenced.lines.join('\n') + '\n'
  let noRun: string | undefined
  let markerProblem: string | undefined
  const consider = (match: RegExpExecArray | null) => {
    if (match === null) return
    if (match[1] === '') markerProblem = 'a no-run marker needs a reason: "no-run: why"'
    else noRun = match[1]
  }
  if (htmlMarkers && fenced.before !== undefined)
    consider(NO_RUN_HTML.exec(fenced.before))
  const first = fenced.lines.find((line) => line.trim() !== '')
  if (first !== undefined) consider(NO_RUN_LINE.exec(first))
  return {
    where: `${file}:${fenceLineInFile}`,
    code,
    firstLine: fenceLineInFile + 1,
    file,
    noRun,
    markerProblem,
  }
}

/** The ```ts blocks of a Markdown file. */
export function markdownBlocks(path: string): Block[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/)
  return fencedBlocks(lines)
    .filter((fenced) => TS_LANGS.has(fenced.lang))
    .map((fenced) => toBlock(rel(path), fenced, fenced.fenceLine + 1, true))
}

/** The ```ts blocks under `@example` tags in the TSDoc comments of a source file. */
export function tsdocBlocks(path: string): Block[] {
  const text = readFileSync(path, 'utf8')
  const blocks: Block[] = []
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, comment.index).split('\n').length
    const lines = comment[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
    // Keep only the lines of @example sections; blank out the rest so that fences
    // elsewhere in the comment are ignored and line numbers stay right.
    let inExample = false
    let inFence = false
    const kept = lines.map((line) => {
      if (!inFence && /^\s*@\w+/.test(line)) inExample = /^\s*@example\b/.test(line)
      if (inExample && /^\s*(```|~~~)/.test(line)) inFence = !inFence
      return inExample ? line : ''
    })
    for (const fenced of fencedBlocks(kept)) {
      if (!TS_LANGS.has(fenced.lang)) continue
      blocks.push(toBlock(rel(path), fenced, startLine + fenced.fenceLine, false))
    }
  }
  return blocks
}

/**
 * Every checked block: Markdown first, then TSDoc examples. `DOCS_ONLY` (a
 * comma-separated list of path prefixes, e.g. `docs/howto,README.md`) narrows a local
 * run to the Markdown files under them, without the TSDoc examples; `npm test` never
 * sets it.
 */
export function allBlocks(only = process.env['DOCS_ONLY']): Block[] {
  if (only !== undefined && only !== '') {
    const prefixes = only.split(',').map((prefix) => prefix.trim())
    return markdownFiles()
      .filter((file) => prefixes.some((prefix) => rel(file).startsWith(prefix)))
      .flatMap(markdownBlocks)
  }
  return [
    ...markdownFiles().flatMap(markdownBlocks),
    ...sourceFiles().flatMap(tsdocBlocks),
  ]
}

/**
 * What a block says it prints: the trailing comment of each line that ends a
 * `console.log(...)` statement, in the order written.
 */
export function expectedOutput(code: string): string[] {
  const expected: string[] = []
  const lines = code.split('\n')
  for (let index = 0; index < lines.length; index++) {
    if (!/^\s*console\.log\(/.test(lines[index]!)) continue
    let depth = 0
    let end = index
    for (; end < lines.length - 1; end++) {
      depth += parenBalance(splitComment(lines[end]!).code)
      if (depth <= 0) break
    }
    const { code: last, comment } = splitComment(lines[end]!)
    if (comment !== undefined && /\)\s*;?\s*$/.test(last)) {
      expected.push(comment.replace(/^\/\/ ?/, '').trimEnd())
    }
    index = end
  }
  return expected
}

/** A line split at its `//` comment, if any; quotes and escapes are respected. */
export function splitComment(line: string): { code: string; comment?: string } {
  let quote: string | undefined
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!
    if (quote !== undefined) {
      if (char === '\\') index++
      else if (char === quote) quote = undefined
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char
    } else if (char === '/' && line[index + 1] === '/') {
      return { code: line.slice(0, index), comment: line.slice(index) }
    }
  }
  return { code: line }
}

/** Opening minus closing parentheses outside string literals. */
function parenBalance(code: string): number {
  let depth = 0
  let quote: string | undefined
  for (let index = 0; index < code.length; index++) {
    const char = code[index]!
    if (quote !== undefined) {
      if (char === '\\') index++
      else if (char === quote) quote = undefined
    } else if (char === "'" || char === '"' || char === '`') quote = char
    else if (char === '(') depth++
    else if (char === ')') depth--
  }
  return depth
}
