/**
 * The package's entry points: the one list that `package.json` `exports`, the
 * tsconfig `paths`, the vitest aliases and the TypeDoc entry points follow. The vitest
 * aliases are made from it; `tests/package/entries.test.ts` checks the others.
 *
 * @module
 */

/** One entry point: the name users import and the source file behind it. */
export interface Entry {
  readonly name: string
  readonly source: string
  /** Runs on every runtime: no `node:` import, type-checked without Node's types. */
  readonly neutral: boolean
}

export const ENTRIES: readonly Entry[] = [
  { name: 'shallot', source: 'src/index.ts', neutral: true },
  { name: 'shallot/middleware', source: 'src/middleware/index.ts', neutral: true },
  { name: 'shallot/legacy', source: 'adapters/legacy/index.ts', neutral: true },
  { name: 'shallot/koa', source: 'adapters/koa/index.ts', neutral: true },
  { name: 'shallot/middy', source: 'adapters/middy/index.ts', neutral: true },
  { name: 'shallot/migrate', source: 'adapters/migrate/index.ts', neutral: true },
  { name: 'shallot/fp', source: 'adapters/fp/index.ts', neutral: true },
  { name: 'shallot/node', source: 'adapters/node/index.ts', neutral: false },
  { name: 'shallot/aws-lambda', source: 'adapters/aws-lambda/index.ts', neutral: true },
  { name: 'shallot/fetch', source: 'adapters/fetch/index.ts', neutral: true },
]

/** `src/index.ts` → `./dist/src/index.js` (or `.d.ts` for `types`). */
export const distOf = (source: string, types = false): string =>
  `./dist/${source.replace(/\.ts$/, types ? '.d.ts' : '.js')}`
