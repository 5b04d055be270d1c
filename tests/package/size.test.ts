import { beforeAll, describe, expect, it } from 'vitest'
import {
  bundleSize,
  CORE_BUDGET,
  coreEntry,
  type BundleSize,
} from '../scripts/bundle-size.js'

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
