// Rule ids (N18, M3, D6, ...) belong to the semantics page and the contributors'
// pages. A user page says the rule in plain words and may link it once: the id
// appears only as the text of a link to its heading in docs/topics/semantics.md, and
// each id at most once per page.
import { readFileSync } from 'node:fs'
import { basename, join, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { markdownFiles, rel, root } from './blocks.js'
import { outsideFences, slug } from './fences.js'

const SEMANTICS = join(root, 'docs/topics/semantics.md')

/** Pages for contributors, where ids may stand as they are. */
const CONTRIBUTOR_PAGES = new Set([
  'docs/topics/semantics.md',
  'docs/topics/internals.md',
  'docs/topics/testing-shallot.md',
])

/** The pages users read: README, glossary, coming-from, tutorial, how-to, topics. */
function userPages(): string[] {
  return markdownFiles().filter((file) => {
    const path = rel(file)
    if (CONTRIBUTOR_PAGES.has(path)) return false
    return (
      path === 'README.md' ||
      path === 'docs/glossary.md' ||
      /^docs\/(coming-from|tutorial|howto|topics)\//.test(path)
    )
  })
}

/**
 * An id: a letter and a number, not followed by `.label` (`M9.1` and `M10.none` are
 * migration labels, printed by the migration tool, not rule ids).
 */
const ID = /\b([A-Z])(\d+)\b(?!\.\w)/g
/** A range of ids: `S34–S40`, `U1–U10`. */
const RANGE = /\b([A-Z])(\d+)\s*[–-]\s*([A-Z])?(\d+)\b/g

/** The ids a text names, ranges expanded. */
function idsIn(text: string): string[] {
  const found: string[] = []
  const rest = text.replace(
    RANGE,
    (match, letter: string, from: string, to2: string | undefined, to: string) => {
      if (to2 !== undefined && to2 !== letter) return match
      for (let n = Number(from); n <= Number(to); n++) found.push(`${letter}${n}`)
      return ' '
    },
  )
  for (const match of rest.matchAll(ID)) found.push(`${match[1]!}${match[2]!}`)
  return found
}

/** Every rule id of the semantics page, with the anchor of the heading that names it. */
function ruleIds(text = readFileSync(SEMANTICS, 'utf8')): Map<string, string> {
  const ids = new Map<string, string>()
  let fence = false
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence
    const heading = fence ? null : /^#{1,6}\s+(.*?)\s*$/.exec(line)
    if (heading === null) continue
    for (const id of idsIn(heading[1]!))
      if (!ids.has(id)) ids.set(id, slug(heading[1]!))
  }
  return ids
}

/** A link whose whole text is ids: `[N18](...)`, `[`N18`](...)`, `[S34–S40](...)`. */
const LINK = /\[`?([A-Z]\d+(?:\s*[–-]\s*[A-Z]?\d+)?)`?\]\(\s*<?([^)\s>]+)>?\s*\)/g

/**
 * What is wrong with the rule ids of one page (`path` relative to the root), as
 * `page:line: message` lines.
 */
function problems(path: string, text: string, ids: Map<string, string>): string[] {
  const found: string[] = []
  const first = new Map<string, number>()
  const seen = (id: string, line: number) => {
    const before = first.get(id)
    if (before === undefined) first.set(id, line)
    else
      found.push(
        `${path}:${line}: ${id} again (already at line ${before}); link it once`,
      )
  }
  outsideFences(text).forEach((raw, index) => {
    const line = index + 1
    const rest = raw.replace(LINK, (match, label: string, target: string) => {
      const named = idsIn(label).filter((id) => ids.has(id))
      if (named.length === 0) return match
      const [file = '', anchor = ''] = target.split('#', 2)
      const isSemantics =
        resolve(dirname(join(root, path)), decodeURIComponent(file)) === SEMANTICS
      for (const id of named) {
        if (!isSemantics || anchor !== ids.get(id)) {
          found.push(
            `${path}:${line}: ${id} links to ${target}, not to semantics.md#${ids.get(id)!}`,
          )
        }
        seen(id, line)
      }
      return ' '.repeat(match.length)
    })
    for (const id of idsIn(rest)) {
      if (!ids.has(id)) continue
      found.push(
        `${path}:${line}: ${id} outside a link; say the rule in words and link it as [${id}](…semantics.md#${ids.get(id)!})`,
      )
      seen(id, line)
    }
  })
  return found
}

describe('rule ids on user pages', () => {
  const ids = ruleIds()

  it('reads the ids from the headings of the semantics page', () => {
    for (const id of ['N1', 'N18', 'M3', 'M10', 'D6', 'U1', 'U10', 'S34', 'S37', 'S40'])
      expect(ids.has(id), id).toBe(true)
    expect(ids.get('N18')).toBe(
      'n18-a-short-circuit-is-seen-only-by-the-layers-outside-it',
    )
    expect(ids.get('S37')).toBe('s34s40-mixed-stacks')
    expect(ids.has('S01')).toBe(false)
  })

  it('reports ids outside links, wrong targets and repeats, and skips labels and code', () => {
    const page = [
      'A short-circuit is seen only outside it ([N18](semantics.md#n18-a-short-circuit-is-seen-only-by-the-layers-outside-it)).',
      'As N18 says, and [N2](other.md#n2).',
      'The label M9.1 and [S34–S40](semantics.md#s34s40-mixed-stacks).',
      '```ts',
      '// N3 in code',
      '```',
    ].join('\n')
    expect(problems('docs/topics/x.md', page, ids)).toEqual([
      'docs/topics/x.md:2: N2 links to other.md#n2, not to semantics.md#n2-every-layer-is-wrapped-in-a-boundary',
      'docs/topics/x.md:2: N18 outside a link; say the rule in words and link it as [N18](…semantics.md#n18-a-short-circuit-is-seen-only-by-the-layers-outside-it)',
      'docs/topics/x.md:2: N18 again (already at line 1); link it once',
    ])
  })

  it.each(userPages().map((file) => [rel(file), file]))(
    '%s cites each rule id at most once, as a link to semantics.md',
    (path, file) => {
      expect(problems(path, readFileSync(file, 'utf8'), ids)).toEqual([])
    },
  )

  it('covers the user pages and not the contributor pages', () => {
    const pages = userPages().map((file) => rel(file))
    expect(pages).toContain('README.md')
    expect(pages.map((page) => basename(page))).not.toContain('semantics.md')
    expect(pages).not.toContain('docs/topics/internals.md')
  })
})
