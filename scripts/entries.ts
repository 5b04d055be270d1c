/**
 * The package's entry points: the one list that `package.json` `exports`, the
 * tsconfig `paths`, the vitest aliases and the TypeDoc entry points follow. The vitest
 * aliases, the build's CommonJS files, the size budgets and the cold-start bench are
 * made from it; `tests/package/entries.test.ts` checks the others.
 *
 * @module
 */

/** One entry point: the name users import and the source file behind it. */
export interface Entry {
  readonly name: string
  readonly source: string
  /** Runs on every runtime: no `node:` import, type-checked without Node's types. */
  readonly neutral: boolean
  /** A function the entry exports: what the package checks look for once it loads. */
  readonly sample: string
}

export const ENTRIES: readonly Entry[] = [
  { name: 'shallot', source: 'src/index.ts', neutral: true, sample: 'createHandler' },
  {
    name: 'shallot/middleware',
    source: 'src/middleware/index.ts',
    neutral: true,
    sample: 'common',
  },
  {
    name: 'shallot/cookies',
    source: 'src/cookies/index.ts',
    neutral: true,
    sample: 'getCookie',
  },
  {
    name: 'shallot/urls',
    source: 'src/urls/index.ts',
    neutral: true,
    sample: 'urls',
  },
  {
    name: 'shallot/legacy',
    source: 'adapters/legacy/index.ts',
    neutral: true,
    sample: 'fromHooks',
  },
  {
    name: 'shallot/koa',
    source: 'adapters/koa/index.ts',
    // Loads everywhere, but runs on Node only (Koa is built on node:http).
    neutral: false,
    sample: 'fromKoa',
  },
  {
    name: 'shallot/middy',
    source: 'adapters/middy/index.ts',
    neutral: true,
    sample: 'fromMiddy',
  },
  {
    name: 'shallot/migrate',
    source: 'adapters/migrate/index.ts',
    neutral: true,
    sample: 'compareStacks',
  },
  {
    name: 'shallot/fp',
    source: 'adapters/fp/index.ts',
    neutral: true,
    sample: 'getMiddlewareMonoid',
  },
  {
    name: 'shallot/node',
    source: 'adapters/node/index.ts',
    neutral: false,
    sample: 'serve',
  },
  {
    name: 'shallot/aws-lambda',
    source: 'adapters/aws-lambda/index.ts',
    neutral: true,
    sample: 'toLambdaHandler',
  },
  {
    name: 'shallot/fetch',
    source: 'adapters/fetch/index.ts',
    neutral: true,
    sample: 'toFetchHandler',
  },
]

/** The `exports` key of an entry: `shallot` → `.`, `shallot/node` → `./node`. */
export const subpathOf = (entry: Entry): string =>
  entry.name === 'shallot' ? '.' : `./${entry.name.slice('shallot/'.length)}`

/** The files an entry is published as, each `./dist/...` as `exports` names it. */
export interface PublishedFiles {
  /** The ES module tsc emits, which `import` loads. */
  readonly module: string
  readonly types: string
  /**
   * A CommonJS file that `require`s the ES module (Node >= 20.19 loads ES modules
   * from `require`), so that TypeScript and bundlers see a CommonJS entry for
   * `require` while there is still one copy of the code.
   */
  readonly require: string
  /** Its types: the ES module's, re-exported. */
  readonly requireTypes: string
}

/** `src/index.ts` → `./dist/src/index.js`, `.d.ts`, `.cjs` and `.d.cts`. */
export function publishedFiles(entry: Entry): PublishedFiles {
  const base = `./dist/${entry.source.replace(/\.ts$/, '')}`
  return {
    module: `${base}.js`,
    types: `${base}.d.ts`,
    require: `${base}.cjs`,
    requireTypes: `${base}.d.cts`,
  }
}
