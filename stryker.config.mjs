// `npm run mutation`: mutation testing of the runtime-neutral core (src/), with the
// in-process test suites. Tests that spawn other runtimes are left out: a mutant in
// this process never reaches them.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Tests import the package by name (aliases), which Vitest's related-file lookup
  // does not follow; coverage per test narrows the runs instead.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['src/**/*.ts', '!src/**/index.ts'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: 'node_modules/.cache/stryker',
  cleanTempDir: 'always',
}
