/**
 * Reads the fenced blocks of a Markdown page with what the docs checks need around
 * each one: its language, its body, the HTML comment marker before it (`output`,
 * `not-output`, `no-run`...) and its file caption (``File: `name.ts` ...``); and the
 * prose of a page without its fences, and GitHub's heading anchors. Shared by the
 * Markdown checks; see tests/docs/README.md.
 */
import { readFileSync } from 'node:fs'
import { rel } from './blocks.js'

/** One fenced block of a Markdown page. */
export interface Fence {
  /** `docs/tutorial/02-a-stack.md:58`: the page and the line of the opening fence. */
  readonly where: string
  /** The language after the fence (`ts`, `text`, `sh`...), lower case; `''` if none. */
  readonly lang: string
  /** The block's text, without the fences, ending with a newline. */
  readonly body: string
  /** The HTML comment on the nearest non-blank line before the fence, if any. */
  readonly marker: Marker | undefined
  /** Every HTML comment between the fence and the prose before it, nearest first. */
  readonly markers: readonly Marker[]
  /** The file name of the caption before the fence, if the block has one. */
  readonly caption: string | undefined
  /** The caption line's words after the file name (`(replace the ... line)`). */
  readonly captionRest: string
}

/** An HTML comment marker: `<!-- kind: text -->`. */
export interface Marker {
  readonly kind: string
  readonly text: string
}

const FENCE_OPEN = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/
const COMMENT = /^\s*<!--\s*([a-z-]+)\b:?\s*(.*?)\s*-->\s*$/
/** A caption line: File: `name` and, optionally, more words. */
export const CAPTION = /^\s*File: `([^`]+)`(.*)$/

/** The fenced blocks of a Markdown page, in order. */
export function fences(path: string): Fence[] {
  const file = rel(path)
  const lines = readFileSync(path, 'utf8').split(/\r?\n/)
  const found: Fence[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE_OPEN.exec(lines[index]!)
    if (open === null) continue
    const fence = open[1]!
    const body: string[] = []
    let end = index + 1
    for (; end < lines.length; end++) {
      const trimmed = lines[end]!.trim()
      if (trimmed.startsWith(fence) && /^(`+|~+)$/.test(trimmed)) break
      body.push(lines[end]!)
    }
    const indent = lines[index]!.length - lines[index]!.trimStart().length
    const dedented = body.map((line) =>
      line.slice(Math.min(indent, line.length - line.trimStart().length)),
    )
    // The marker sits on the nearest non-blank line; the caption is the nearest
    // non-blank line that is not an HTML comment.
    const previous = lines.slice(0, index).filter((line) => line.trim() !== '')
    const markers: Marker[] = []
    for (const line of [...previous].reverse()) {
      const comment = COMMENT.exec(line)
      if (comment === null) break
      markers.push({ kind: comment[1]!, text: comment[2]! })
    }
    const prose = previous.filter((line) => !/^\s*<!--.*-->\s*$/.test(line)).at(-1)
    const caption = CAPTION.exec(prose ?? '')
    found.push({
      where: `${file}:${index + 1}`,
      lang: open[2]!.toLowerCase(),
      body: dedented.join('\n') + '\n',
      marker: markers[0],
      markers,
      caption: caption?.[1],
      captionRest: caption?.[2]?.trim() ?? '',
    })
    index = end
  }
  return found
}

/**
 * The lines of a Markdown text with every fenced block (fences included) blanked, so
 * that line numbers stay those of the page: what the prose checks read.
 */
export function outsideFences(text: string): string[] {
  let fence: string | undefined
  return text.split(/\r?\n/).map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker !== undefined) {
      fence = marker
      return ''
    }
    if (fence !== undefined) {
      if (
        marker !== undefined &&
        marker[0] === fence[0] &&
        marker.length >= fence.length
      )
        fence = undefined
      return ''
    }
    return line
  })
}

/** GitHub's heading anchor for the rendered text of a heading. */
export function slug(heading: string): string {
  // Code spans keep their text as is (`<name>` stays text); outside them, links and
  // images become their text and HTML tags and emphasis markers go.
  const text = heading
    .split(/(`+[^`]*?`+)/)
    .map((part, index) =>
      index % 2 === 1
        ? part.replace(/^`+|`+$/g, '')
        : part
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/<[^>]+>/g, '')
            .replace(/\*+/g, ''),
    )
    .join('')
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')
}
