import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { ENTRIES } from './scripts/entries.js'

const soak = process.env['SHALLOT_SOAK'] === '1'

export default defineConfig({
  // Examples and tests import the package by name, as users do; these map the names
  // to the sources (tsconfig.json's `paths` does the same for the type checker and tsx).
  // Longest names first, so that `shallot/node` is not read as `shallot` + `/node`.
  resolve: {
    alias: [...ENTRIES]
      .sort((a, b) => b.name.length - a.name.length)
      .map((entry) => ({
        find: new RegExp(`^${entry.name}$`),
        replacement: fileURLToPath(new URL(`./${entry.source}`, import.meta.url)),
      })),
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Servers started by tests must stop on their own; a hung test fails instead of
    // hanging CI. `npm run soak` runs the randomised tests at full size: minutes, not
    // seconds.
    testTimeout: soak ? 900_000 : 20_000,
    hookTimeout: 20_000,
    // The soak checks that the heap stays flat after a forced collection.
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    // `npm test` runs with --coverage: every line and branch of the package's code is
    // run by the in-process tests (spawned runtimes are not counted).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'adapters/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'node_modules/.cache/shallot/coverage',
      thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
    },
    typecheck: {
      enabled: true,
      include: ['tests/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
