// No dead relative links or anchors in README.md and docs/**/*.md: every relative
// link points at a file or folder of the repository, and every #anchor at a heading
// (GitHub's slugs) or an explicit <a id> / <a name> of the target page.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { markdownFiles, rel, root } from './blocks.js'
import { outsideFences, slug } from './fences.js'

interface Link {
  readonly line: number
  readonly target: string
}

/** The text with fenced code blocks and inline code blanked, line numbers kept. */
function prose(text: string): string {
  return outsideFences(text)
    .map((line) => line.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length)))
    .join('\n')
}

/** Inline links and images, reference definitions, and href/src attributes. */
function links(text: string): Link[] {
  const found: Link[] = []
  prose(text)
    .split('\n')
    .forEach((line, index) => {
      const add = (target: string | undefined) => {
        if (target !== undefined) found.push({ line: index + 1, target })
      }
      for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) {
        add(match[1])
      }
      add(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line)?.[1])
      for (const match of line.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) {
        add(match[1])
      }
    })
  return found
}

/** Every anchor a Markdown page offers: heading slugs (numbered when repeated), ids. */
function anchors(text: string): Set<string> {
  const found = new Set<string>()
  const seen = new Map<string, number>()
  const raw = text.split(/\r?\n/)
  prose(text)
    .split('\n')
    .forEach((line, index) => {
      // Headings are read from the raw line, so code spans in them keep their text.
      const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)
      if (heading !== null) {
        const rawHeading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(raw[index]!)
        const base = slug(rawHeading?.[1] ?? heading[1]!)
        const count = seen.get(base) ?? 0
        seen.set(base, count + 1)
        found.add(count === 0 ? base : `${base}-${count}`)
      }
      for (const match of raw[index]!.matchAll(
        /<a\s[^>]*(?:id|name)\s*=\s*["']([^"']+)["']/g,
      )) {
        found.add(match[1]!)
      }
    })
  return found
}

function deadLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const dead: string[] = []
  for (const { line, target } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue
    const [path = '', anchor] = target.split('#', 2)
    const at = `${rel(file)}:${line}: ${target}`
    const resolved =
      path === '' ? file : resolve(dirname(file), decodeURIComponent(path))
    if (path.startsWith('/')) {
      dead.push(`${at} (use a relative link; a leading / breaks on npm and in forks)`)
      continue
    }
    if (relative(root, resolved).startsWith('..')) {
      dead.push(`${at} (points outside the repository)`)
      continue
    }
    if (!existsSync(resolved)) {
      dead.push(`${at} (no such file or folder)`)
      continue
    }
    if (anchor === undefined || anchor === '') continue
    if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) continue
    if (!anchors(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
      dead.push(`${at} (no heading or id "${anchor}" in ${rel(resolved)})`)
    }
  }
  return dead
}

describe('docs links', () => {
  it('slugs headings as GitHub does', () => {
    expect(slug('How `createHandler` builds the stack')).toBe(
      'how-createhandler-builds-the-stack',
    )
    expect(slug('N2 — every layer is wrapped')).toBe('n2--every-layer-is-wrapped')
    expect(slug('"My processResponse is not called"')).toBe(
      'my-processresponse-is-not-called',
    )
    expect(slug('`process_request` (snake_case)')).toBe('process_request-snake_case')
    expect(slug('`Middleware factory <name> returned undefined.`')).toBe(
      'middleware-factory-name-returned-undefined',
    )
    expect(slug('Errors <em>and</em> [links](x.md)')).toBe('errors-and-links')
  })

  it.each(markdownFiles().map((file) => [rel(file), file]))(
    '%s has no dead relative links or anchors',
    (_, file) => {
      expect(deadLinks(file)).toEqual([])
    },
  )
})
