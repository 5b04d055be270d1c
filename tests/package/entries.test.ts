// Every place that names the entry points agrees with scripts/entries.ts: package.json
// (`exports`, `main`, `types`, `typesVersions`), tsconfig.json `paths`, typedoc.json,
// tsconfig.core.json (the runtime-neutral entries) and the docs checks. Each entry
// exports its sample function and loads from `require` (no top-level await).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { ENTRIES, publishedFiles, subpathOf } from '../../scripts/entries.js'
import { entryPoints } from '../docs/tsdoc.js'

const root = join(import.meta.dirname, '../..')
const json = <T>(file: string): T =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as T

const manifest = json<{
  exports: Record<string, unknown>
  main: string
  types: string
  typesVersions: Record<string, Record<string, string[]>>
  dependencies?: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}>('package.json')

describe('package.json', () => {
  it('exports exactly the entries, `require` to the CommonJS files', () => {
    const expected = Object.fromEntries(
      ENTRIES.map((entry) => {
        const files = publishedFiles(entry)
        return [
          subpathOf(entry),
          {
            require: { types: files.requireTypes, default: files.require },
            types: files.types,
            default: files.module,
          },
        ]
      }),
    )
    expect(manifest.exports).toEqual({
      ...expected,
      './package.json': './package.json',
    })
  })

  it('points main and types at the core entry', () => {
    const core = publishedFiles(ENTRIES.find((entry) => entry.name === 'shallot')!)
    expect([manifest.main, manifest.types]).toEqual([core.module, core.types])
  })

  it('maps every subpath in typesVersions, for moduleResolution node10', () => {
    const expected = Object.fromEntries(
      ENTRIES.filter((entry) => entry.name !== 'shallot').map((entry) => [
        subpathOf(entry).slice(2),
        [publishedFiles(entry).types],
      ]),
    )
    expect(manifest.typesVersions).toEqual({ '*': expected })
  })

  it('depends only on the Standard Schema types: fp-ts (shallot/fp) and koa (shallot/koa) are optional peers', () => {
    // `validate` takes Standard Schema validators: the spec is an interface, imported
    // with `import type` only (lint-enforced), so it adds types and no code.
    expect(manifest.dependencies).toEqual({ '@standard-schema/spec': '1.1.0' })
    expect(manifest.peerDependencies).toEqual({ 'fp-ts': '^2.16', koa: '^3' })
    expect(manifest.peerDependenciesMeta).toEqual({
      'fp-ts': { optional: true },
      koa: { optional: true },
    })
  })
})

describe('the other configuration files', () => {
  it('tsconfig.json paths map each name to its source', () => {
    const { compilerOptions } = json<{
      compilerOptions: { paths: Record<string, string[]> }
    }>('tsconfig.json')
    expect(compilerOptions.paths).toEqual(
      Object.fromEntries(ENTRIES.map((entry) => [entry.name, [`./${entry.source}`]])),
    )
  })

  it('typedoc.json documents each entry', () => {
    const { entryPoints: configured } = json<{ entryPoints: string[] }>('typedoc.json')
    expect([...configured].sort()).toEqual(ENTRIES.map((entry) => entry.source).sort())
  })

  it('tsconfig.core.json type-checks exactly the neutral entries without Node types', () => {
    const { include } = json<{ include: string[] }>('tsconfig.core.json')
    // `src` holds the core and its built-ins; each other neutral entry is its folder.
    const folders = ENTRIES.filter((entry) => entry.neutral)
      .map((entry) => dirname(entry.source))
      .filter((folder) => folder !== 'src' && !folder.startsWith('src/'))
    expect([...include].sort()).toEqual(['src', ...folders].sort())
    for (const entry of ENTRIES.filter((entry) => !entry.neutral))
      expect(entry.source.startsWith('src/')).toBe(false)
  })

  it("the docs checks find the same entries, from package.json's exports", () => {
    expect(entryPoints().map((entry) => [entry.specifier, entry.source])).toEqual(
      ENTRIES.map((entry) => [entry.name, join(root, entry.source)]),
    )
  })
})

describe.each(ENTRIES.map((entry) => [entry.name, entry] as const))(
  '%s',
  (_, entry) => {
    it(`exports ${entry.sample}`, async () => {
      const module = (await import(join(root, entry.source))) as Record<string, unknown>
      expect(typeof module[entry.sample]).toBe('function')
    })

    it('bundles no code of its types-only dependency', async () => {
      const result = await build({
        entryPoints: [join(root, entry.source)],
        bundle: true,
        format: 'esm',
        platform: 'node',
        write: false,
        metafile: true,
        logLevel: 'silent',
      })
      const inputs = Object.keys(result.metafile.inputs)
      expect(inputs.filter((input) => input.includes('@standard-schema'))).toEqual([])
    })

    // require() of an ES module refuses one with top-level await; esbuild refuses to
    // write such a module as CommonJS, which finds it without building the package.
    it('has no top-level await (require() can load it)', async () => {
      const result = await build({
        entryPoints: [join(root, entry.source)],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        write: false,
        logLevel: 'silent',
      })
      expect(result.errors).toEqual([])
    })
  },
)
