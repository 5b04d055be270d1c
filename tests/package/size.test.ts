import { beforeAll, describe, expect, it } from 'vitest'
import {
  ADAPTER_BUDGETS,
  bundleSize,
  CORE_BUDGET,
  coreEntry,
  type BundleSize,
} from '../../scripts/bundle-size.js'

// The core as an application bundle holds it: esbuild, ESM, minified, platform
// neutral. Sizes are deterministic for a given esbuild version, so this is a test.
describe('core bundle', () => {
  let core: BundleSize
  beforeAll(async () => {
    core = await bundleSize(coreEntry)
  })

  it(`is at most ${CORE_BUDGET} bytes minified and gzipped (level 9)`, () => {
    expect(core.gzip).toBeLessThanOrEqual(CORE_BUDGET)
  })

  it('imports nothing from node:', () => {
    expect(core.imports.filter((path) => path.startsWith('node:'))).toEqual([])
    expect(core.code).not.toMatch(/["'`]node:/)
  })
})

// Each adapter's own code: the core (`src/index.ts`) left out, as an application that
// uses the adapter holds the core anyway.
describe.each(Object.entries(ADAPTER_BUDGETS))(
  'shallot/%s own code',
  (name, budget) => {
    it(`is at most ${budget} bytes minified and gzipped (level 9)`, async () => {
      const own = await bundleSize(`export * from './adapters/${name}/index.ts'`, [
        '*/src/index.js',
      ])
      expect(own.gzip).toBeLessThanOrEqual(budget)
    })
  },
)
