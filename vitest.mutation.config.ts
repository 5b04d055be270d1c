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
      'tests/src/**/*.test.ts',
      'tests/src/middleware/**/*.test.ts',
      'tests/properties/**/*.test.ts',
      'tests/adapters/legacy/**/*.test.ts',
      'tests/docs/examples/**/*.test.ts',
      'tests/adapters/fetch/**/*.test.ts',
      'tests/adapters/aws-lambda/*.test.ts',
    ],
    typecheck: { enabled: false },
  },
})
