/**
 * The last step of `npm run build`: beside each entry's ES module in `dist/`, a
 * CommonJS file that `require`s it and a `.d.cts` that re-exports its types, which
 * `exports` names under the `require` condition. Node >= 20.19 can `require` the ES
 * module itself; these give TypeScript (`module: node16` or `nodenext` in a
 * CommonJS file) and bundlers a CommonJS entry to resolve, while the code stays one
 * ES module, loaded once whichever way it is reached.
 *
 * @module
 */
import { writeFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENTRIES, publishedFiles } from './entries.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

for (const entry of ENTRIES) {
  const files = publishedFiles(entry)
  const module = JSON.stringify(`./${basename(files.module)}`)
  writeFileSync(
    resolve(root, files.require),
    `'use strict'\n// ${entry.name} for require(): the ES module itself (Node >= 20.19).\nmodule.exports = require(${module})\n`,
  )
  writeFileSync(resolve(root, files.requireTypes), `export * from ${module}\n`)
}
