import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Examples and tests import the package by name, as users do; these map the names
  // to the sources (tsconfig.json's `paths` does the same for the type checker and tsx).
  resolve: {
    alias: {
      'shallot/middleware': fileURLToPath(
        new URL('./src/middleware/index.ts', import.meta.url),
      ),
      'shallot/legacy': fileURLToPath(
        new URL('./adapters/legacy/index.ts', import.meta.url),
      ),
      'shallot/node': fileURLToPath(
        new URL('./adapters/node/index.ts', import.meta.url),
      ),
      'shallot/aws-lambda': fileURLToPath(
        new URL('./adapters/aws-lambda/index.ts', import.meta.url),
      ),
      'shallot/fetch': fileURLToPath(
        new URL('./adapters/fetch/index.ts', import.meta.url),
      ),
      shallot: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Servers started by tests must stop on their own; a hung test fails instead of
    // hanging CI.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    typecheck: {
      enabled: true,
      include: ['tests/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
