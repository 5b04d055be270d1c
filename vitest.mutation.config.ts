import { defineConfig } from 'vitest/config'
import base from './vitest.config.js'

// The suites that run the core in this process, for `npm run mutation` (the Node
// adapter's, which start servers, add time and no core checks of their own). Spread, not
// merged: mergeConfig would append to the base `include` instead of replacing it.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'tests/core/**/*.test.ts',
      'tests/middleware/**/*.test.ts',
      'tests/properties/**/*.test.ts',
      'tests/legacy/**/*.test.ts',
      'tests/examples/**/*.test.ts',
      'tests/fetch/**/*.test.ts',
      'tests/aws-lambda/*.test.ts',
    ],
    typecheck: { enabled: false },
  },
})
