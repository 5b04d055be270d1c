/**
 * No import cycle between the package's files, type-only imports included: the lint
 * rule (import-x/no-cycle) skips cycles made only of `import type`, and a cycle of
 * types still ties two modules together for every reader.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every relative module a file names in an import, export or `import()`. */
function importsOf(file: string, text: string): string[] {
  const specifiers = text.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  )
  return [...specifiers].map((match) =>
    normalize(join(dirname(file), (match[1] ?? match[2])!)).replace(/\.js$/, '.ts'),
  )
}

/** The first cycle found by a depth-first walk, as a list of files, or `[]`. */
function firstCycle(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string): string[] => {
    if (state.get(file) === 'done') return []
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file]
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next)
      if (cycle.length > 0) return cycle
    }
    path.pop()
    state.set(file, 'done')
    return []
  }
  for (const file of graph.keys()) {
    const cycle = visit(file)
    if (cycle.length > 0) return cycle
  }
  return []
}

describe('import cycles', () => {
  it('the walk finds a cycle made of type-only imports', () => {
    const a = "import type { B } from './b.js'\nexport type A = B"
    const b = "import type { A } from './a.js'\nexport type B = A"
    const graph = new Map([
      ['a.ts', importsOf('a.ts', a)],
      ['b.ts', importsOf('b.ts', b)],
    ])
    expect(firstCycle(graph)).toEqual(['a.ts', 'b.ts', 'a.ts'])
  })

  it('none between the files of src/ and adapters/', () => {
    const files = [...sources('src'), ...sources('adapters')]
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(file, readFileSync(join(root, file), 'utf8')).filter((target) =>
          files.includes(target),
        ),
      ]),
    )
    expect(graph.size).toBeGreaterThan(50)
    expect([...graph.values()].flat().length).toBeGreaterThan(100)
    expect(firstCycle(graph).map((file) => relative('.', file))).toEqual([])
  })
})
