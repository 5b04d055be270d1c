/**
 * The files a how-to page tells the reader to save (a fenced block announced by
 * ``File: `name.ts` ``), loaded as modules, so that a test can call what they export.
 * The pages keep test scaffolding out of those blocks; the checks live in the tests.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { root } from './blocks.js'
import { fences } from './fences.js'

/** Each captioned block of a page: the file name and the code. */
export function captionedFiles(page: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const fence of fences(join(root, page)))
    if (fence.caption !== undefined) files.set(fence.caption, fence.body)
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
