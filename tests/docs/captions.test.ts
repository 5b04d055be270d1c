// Every tutorial block a reader saves says where it goes, and every file a tutorial
// command names was made earlier on the page:
//
// - each fenced block of docs/tutorial/*.md, other than commands (```sh) and what they
//   print (```text) or diagrams (```mermaid), has a caption: the nearest non-blank line
//   before the fence that is not an HTML comment reads ``File: `name.ts` `` (more words
//   may follow), unless an HTML comment before it says `<!-- not-a-file: why -->`;
// - each word of a ```sh block that names a file (`npx tsx invoke.ts lambda.ts`,
//   `main = "worker.ts"` does not count) is a file captioned earlier on the page, or
//   one part 1 sets up (package.json, tsconfig.json).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rel, root, walk } from './blocks.js'
import { fences, type Fence } from './fences.js'

const NOT_FILES = new Set(['sh', 'bash', 'shell', 'console', 'text', 'mermaid', ''])
const FILE_WORD = /^[\w.-]+\.(ts|mts|json|toml)$/
const SETUP = join(root, 'docs/tutorial/01-first-middleware.md')

const pages = walk('docs/tutorial', (name) => name.endsWith('.md')).map((path) => ({
  file: rel(path),
  fences: fences(path),
}))
const setupFiles = new Set([
  'package.json',
  ...fences(SETUP).flatMap((fence) =>
    fence.caption === undefined ? [] : [fence.caption],
  ),
])

describe('tutorial file captions', () => {
  it('finds the tutorial pages and their captions', () => {
    expect(pages.length).toBeGreaterThan(5)
    expect(setupFiles).toContain('tsconfig.json')
  })

  const typed = pages.flatMap((page) =>
    page.fences.filter((fence) => !NOT_FILES.has(fence.lang)),
  )
  it.each(typed.map((fence): [string, Fence] => [fence.where, fence]))(
    '%s says which file it goes in',
    (_, fence) => {
      const exempt = fence.markers.find((marker) => marker.kind === 'not-a-file')
      if (exempt !== undefined) {
        expect(exempt.text, 'not-a-file needs a reason').not.toBe('')
        expect(fence.caption, 'a block with a caption is a file').toBeUndefined()
        return
      }
      expect(
        fence.caption,
        "no File: `name` line before it (or <!-- not-a-file: why --> if the reader doesn't save it)",
      ).toBeDefined()
    },
  )

  it.each(pages.map((page): [string, (typeof pages)[number]] => [page.file, page]))(
    '%s: every file its commands name was made before',
    (_, page) => {
      const made = new Set(setupFiles)
      const problems: string[] = []
      for (const fence of page.fences) {
        if (fence.caption !== undefined) made.add(fence.caption)
        if (!['sh', 'bash', 'shell'].includes(fence.lang)) continue
        for (const line of fence.body.split('\n')) {
          const command = line.replace(/#.*$/, '')
          for (const word of command.split(/\s+/)) {
            if (FILE_WORD.test(word) && !made.has(word))
              problems.push(
                `${fence.where}: \`${line.trim()}\` names ${word}, not made before`,
              )
          }
        }
      }
      expect(problems).toEqual([])
    },
  )
})
