// Sizes as an application bundle holds the code: esbuild, ESM, minified, platform
// neutral, gzipped at level 9 (scripts/bundle-size.ts). Sizes are deterministic for a
// given esbuild version, so these are tests: the budgets stop growth, and every
// compared bundle stays smaller than Hono's, bundled the same way.
import { describe, expect, it } from 'vitest'
import {
  APP_BUDGET,
  bundleSize,
  ENTRY_BUDGETS,
  entryBundle,
  HONO_COMPARISONS,
  MINIMAL_APP,
} from '../../scripts/bundle-size.js'
import { ENTRIES } from '../../scripts/entries.js'

describe('the smallest Node app (createHandler, NotFound, serve)', () => {
  it(`is at most ${APP_BUDGET} bytes minified and gzipped`, async () => {
    const app = await bundleSize(MINIMAL_APP)
    expect(app.gzip).toBeLessThanOrEqual(APP_BUDGET)
    // It holds only what it uses: no built-in middleware, no other adapter.
    expect(app.imports).toEqual(['node:http'])
  })
})

it('each entry has a budget', () => {
  expect(Object.keys(ENTRY_BUDGETS).sort()).toEqual(
    ENTRIES.map((entry) => entry.name).sort(),
  )
})

describe.each(ENTRIES.map((entry) => [entry.name, entry] as const))(
  '%s',
  (name, entry) => {
    it(`is at most ${ENTRY_BUDGETS[name]} bytes minified and gzipped`, async () => {
      const size = await bundleSize(entryBundle(entry))
      expect(size.gzip).toBeLessThanOrEqual(ENTRY_BUDGETS[name]!)
    })

    if (entry.neutral)
      it('imports nothing from node:', async () => {
        const size = await bundleSize(entryBundle(entry))
        expect(size.imports).toEqual([])
        expect(size.code).not.toMatch(/["'`]node:/)
      })
  },
)

describe.each(HONO_COMPARISONS.map((c) => [c.name, c] as const))(
  'smaller than Hono: %s',
  (_, comparison) => {
    it('shallot is smaller, minified and gzipped the same way', async () => {
      const [shallot, hono] = await Promise.all([
        bundleSize(comparison.shallot),
        bundleSize(comparison.hono),
      ])
      expect(shallot.gzip).toBeLessThan(hono.gzip)
    })
  },
)
