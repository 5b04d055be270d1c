// Importing shallot must not load Node's fetch implementation (undici, about 40 ms on
// Node 20): Node makes the globals `Request`, `Response` and `Headers` on first read,
// and a class that extends one at module level reads it at import. An app pays that
// when it first answers, as with any framework, not when it starts. `shallot/node` is
// the exception: its request class extends `Request`, and a server makes one for its
// first request anyway.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { root } from '../../scripts/bundle-size.js'
import { ENTRIES } from '../../scripts/entries.js'

const dir = mkdtempSync(join(tmpdir(), 'shallot-import-cost-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The internal modules of Node's fetch that `source`'s import loaded, as Node lists them. */
async function fetchModulesLoadedBy(source: string): Promise<string[]> {
  const file = join(dir, `${source.replace(/\W+/g, '-')}.mjs`)
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: file,
    logLevel: 'silent',
  })
  const probe = `await import(${JSON.stringify(file)})
console.log(JSON.stringify(process.moduleLoadList.filter((name) => name.includes('undici'))))`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
  })
  expect(child.stderr).toBe('')
  return JSON.parse(child.stdout) as string[]
}

describe.each(
  ENTRIES.filter((entry) => entry.name !== 'shallot/node').map((e) => [e.name]),
)('importing %s', (name) => {
  it("does not load Node's fetch implementation", async () => {
    expect(await fetchModulesLoadedBy(`export * from '${name}'`)).toEqual([])
  })
})

it('the probe sees the load when a module reads Response', async () => {
  expect(
    await fetchModulesLoadedBy(`export const R = class extends Response {}`),
  ).not.toEqual([])
})
