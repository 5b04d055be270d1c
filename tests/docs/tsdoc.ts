/**
 * TSDoc completeness, read from a TypeScript program: every export of every entry
 * point has a summary, every value export an `@example`, and each entry point's
 * hand-written reference page has a heading for every export.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { rel, root } from './blocks.js'

/** An entry point: its package specifier, source file and reference page. */
export interface EntryPoint {
  /** `shallot` or `shallot/legacy`. */
  readonly specifier: string
  readonly source: string
  /** docs/reference/core.md for `shallot`, docs/reference/<name>.md otherwise. */
  readonly page: string
}

/**
 * The entry points with code: package.json `exports` subpaths, each with the source
 * behind its `types` (`./dist/src/cookies/index.d.ts` -> src/cookies/index.ts).
 */
export function entryPoints(): EntryPoint[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string
    exports: Record<string, { types?: string } | string>
  }
  return Object.entries(manifest.exports).flatMap(([subpath, target]): EntryPoint[] => {
    if (typeof target === 'string' || target.types === undefined) return []
    const name = subpath.replace(/^\.\/?/, '')
    const source = join(root, target.types.replace(/^\.\/dist\/|\.d\.ts$/g, '') + '.ts')
    if (!existsSync(source)) return []
    return [
      {
        specifier: name === '' ? manifest.name : `${manifest.name}/${name}`,
        source,
        page: join(root, 'docs/reference', `${name === '' ? 'core' : name}.md`),
      },
    ]
  })
}

const VALUE = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable

interface Export {
  readonly name: string
  readonly symbol: ts.Symbol
}

function exportsOf(program: ts.Program, entry: EntryPoint): Export[] {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry.source)
  const module = source && checker.getSymbolAtLocation(source)
  if (module === undefined)
    throw new Error(`${rel(entry.source)} is not in the program`)
  return checker.getExportsOfModule(module).map((exported) => ({
    name: exported.getName(),
    symbol:
      exported.flags & ts.SymbolFlags.Alias
        ? checker.getAliasedSymbol(exported)
        : exported,
  }))
}

function locationOf(symbol: ts.Symbol): string {
  const declaration = symbol.declarations?.[0]
  if (declaration === undefined) return ''
  const file = declaration.getSourceFile()
  const { line } = file.getLineAndCharacterOfPosition(declaration.getStart())
  return ` (${rel(file.fileName)}:${line + 1})`
}

/** `shallot: compose needs an @example (src/compose.ts:60)`, one per missing piece. */
export function tsdocProblems(program: ts.Program, entries: readonly EntryPoint[]) {
  const checker = program.getTypeChecker()
  const problems: string[] = []
  let checked = 0
  for (const entry of entries) {
    for (const { name, symbol } of exportsOf(program, entry)) {
      checked++
      const at = locationOf(symbol)
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker))
      if (summary.trim() === '') {
        problems.push(`${entry.specifier}: ${name} needs a TSDoc summary${at}`)
      }
      const hasExample = symbol
        .getJsDocTags(checker)
        .some((tag) => tag.name === 'example')
      if ((symbol.flags & VALUE) !== 0 && !hasExample) {
        problems.push(`${entry.specifier}: ${name} needs an @example${at}`)
      }
    }
  }
  return { checked, problems }
}

/** Names in backticks in the headings of a Markdown page. */
function headingNames(page: string): Set<string> {
  const names = new Set<string>()
  for (const heading of readFileSync(page, 'utf8').matchAll(/^#{1,6}\s.*$/gm)) {
    for (const code of heading[0].matchAll(/`([^`]+)`/g)) names.add(code[1]!)
  }
  return names
}

/** Exports without a heading on their entry point's reference page (if it has one). */
export function referenceProblems(
  program: ts.Program,
  entries: readonly EntryPoint[],
): string[] {
  const problems: string[] = []
  for (const entry of entries) {
    if (!existsSync(entry.page)) continue
    const names = headingNames(entry.page)
    for (const { name } of exportsOf(program, entry)) {
      if (!names.has(name)) {
        problems.push(
          `${rel(entry.page)} has no heading for ${entry.specifier}'s ${name}`,
        )
      }
    }
  }
  return problems
}
