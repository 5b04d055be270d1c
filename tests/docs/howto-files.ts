/**
 * The files a how-to page tells the reader to save (a fenced block announced by
 * ``File: `name.ts` ``), loaded as modules, so that a test can call what they export.
 * The pages keep test scaffolding out of those blocks; the checks live in the tests.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { root } from './blocks.js'

const CAPTION = /^File: `([^`]+)`/
const FENCE = /^(`{3,}|~{3,})(\w*)\s*$/

/** Each captioned block of a page: the file name and the code. */
export function captionedFiles(page: string): Map<string, string> {
  const lines = readFileSync(join(root, page), 'utf8').split(/\r?\n/)
  const files = new Map<string, string>()
  let name: string | undefined
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!
    const caption = CAPTION.exec(line)
    if (caption !== null) {
      name = caption[1]
      continue
    }
    const fence = FENCE.exec(line)
    if (fence !== null && name !== undefined) {
      const end = lines.findIndex((next, index) => index > at && next === fence[1])
      files.set(name, lines.slice(at + 1, end).join('\n') + '\n')
      name = undefined
      at = end
      continue
    }
    // Only blank lines and HTML comments may stand between a caption and its block.
    if (line.trim() !== '' && !line.trim().startsWith('<!--')) name = undefined
  }
  return files
}

/** Writes the captioned files of `page` to a fresh folder and imports `name`. */
export async function importFile<T = Record<string, unknown>>(
  page: string,
  name: string,
): Promise<T> {
  const files = captionedFiles(page)
  if (!files.has(name))
    throw new Error(`${page} has no block captioned File: \`${name}\``)
  const dir = mkdtempSync(join(tmpdir(), 'shallot-howto-'))
  for (const [file, code] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), code)
  }
  try {
    return (await import(pathToFileURL(join(dir, name)).href)) as T
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
