/**
 * Bundle sizes: code bundled by esbuild the way an application bundler would (ESM,
 * minified, platform neutral, every import included but `node:` builtins), then
 * gzipped at level 9; `shallot` names resolve to the sources through tsconfig.json's
 * `paths`. Holds the budgets `npm test` enforces and the Hono bundles compared with.
 *
 * @module
 */
import { gzipSync } from 'node:zlib'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { ENTRIES, type Entry } from './entries.js'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The smallest application served by Node: `createHandler` with a view that raises
 * `NotFound`, and `serve`. What an app pays for shallot at the least.
 */
export const MINIMAL_APP = `import { createHandler, NotFound } from 'shallot'
import { serve } from 'shallot/node'
serve(createHandler({ middleware: [], view: () => { throw new NotFound() } }))`

/*
 * The budgets `npm test` holds bundles to (min+gzip bytes): each the size measured
 * when set plus about 10%, rounded up to 64 bytes, so that a change that grows the
 * code by more shows, and a budget is lowered when the code shrinks.
 */

/** {@link MINIMAL_APP}'s budget. */
export const APP_BUDGET = 11200

/** Each entry's budget: everything the entry exports, with the core parts it uses. */
export const ENTRY_BUDGETS: Readonly<Record<string, number>> = {
  shallot: 7296,
  'shallot/middleware': 19520,
  'shallot/cookies': 3008,
  'shallot/urls': 10048,
  'shallot/legacy': 6848,
  'shallot/koa': 3520,
  'shallot/middy': 5184,
  'shallot/migrate': 11648,
  'shallot/fp': 896,
  'shallot/node': 7680,
  'shallot/aws-lambda': 6592,
  'shallot/fetch': 4480,
}

/** Everything an entry exports, as an application bundle holds it. */
export const entryBundle = (entry: Entry): string => `export * from '${entry.name}'`

/** A bundle of Hono's that one of shallot's must stay smaller than. */
export interface HonoComparison {
  readonly name: string
  readonly shallot: string
  readonly hono: string
}

const entry = (name: string) => entryBundle(ENTRIES.find((e) => e.name === name)!)

/**
 * Like with like: the core against Hono's, the Node adapter against
 * `@hono/node-server` (each everything the entry exports), and the smallest app on
 * each runtime. `hono/aws-lambda` takes an app and imports none of Hono, so the
 * Lambda comparison is of apps: adapter, core and a handler on both sides.
 */
export const HONO_COMPARISONS: readonly HonoComparison[] = [
  {
    name: 'core: `shallot` and `hono`',
    shallot: entry('shallot'),
    hono: `export * from 'hono'`,
  },
  {
    name: 'Node adapter: `shallot/node` and `@hono/node-server`',
    shallot: entry('shallot/node'),
    hono: `export * from '@hono/node-server'`,
  },
  {
    name: 'smallest Node app',
    shallot: MINIMAL_APP,
    hono: `import { Hono } from 'hono'
import { serve } from '@hono/node-server'
serve(new Hono())`,
  },
  {
    name: 'smallest Lambda app',
    shallot: `import { createHandler, NotFound } from 'shallot'
import { toLambdaHandler } from 'shallot/aws-lambda'
export const handler = toLambdaHandler(
  createHandler({ middleware: [], view: () => { throw new NotFound() } }),
)`,
    hono: `import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
export const handler = handle(new Hono())`,
  },
]

export interface BundleSize {
  /** Minified bytes. */
  readonly min: number
  /** Minified, then gzip level 9. */
  readonly gzip: number
  /** The minified bundle. */
  readonly code: string
  /** Every import the bundle kept (externals), e.g. `node:fs`. */
  readonly imports: readonly string[]
}

/**
 * Bundles `contents` (an ES module resolved from the repository root) and measures it.
 * `external` lists specifiers left out of the bundle; `node:` builtins are always left
 * out, so that they show in `imports` instead of failing the neutral build.
 */
export async function bundleSize(
  contents: string,
  external: readonly string[] = [],
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // Neutral resolves no package.json main field by default; a package without
    // `exports` needs these.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    external: ['node:*', ...external],
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.text
  const imports = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.map((entry) => entry.path),
  )
  return {
    min: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    code,
    imports: [...new Set(imports)],
  }
}
