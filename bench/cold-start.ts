/**
 * The cold-start section of `npm run bench`: for each entry point of shallot and for
 * the peers (Hono, its Node and Lambda adapters, koa-compose), the time `node` takes
 * to start and import it, over `node -e 0`, and its size as an application bundle
 * holds it (min+gzip). Each entry is bundled by esbuild for Node, as a serverless
 * deployment ships it, so the time is evaluating the code, not resolving files.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { bundleSize, ENTRY_BUDGETS, entryBundle, root } from '../scripts/bundle-size.js'
import { ENTRIES } from '../scripts/entries.js'
import { median } from './stats.js'

/** One bundle measured: a shallot entry point or a peer's. */
interface ColdEntry {
  readonly id: string
  readonly label: string
  readonly source: string
  /** A shallot adapter: its own code (core left out) is measured too. */
  readonly adapter: boolean
}

/** Every entry point of shallot (scripts/entries.ts), then the peers. */
export const COLD_ENTRIES: readonly ColdEntry[] = [
  ...ENTRIES.map((entry) => ({
    id: entry.name,
    label: `\`${entry.name}\``,
    source: entryBundle(entry),
    adapter: entry.source.startsWith('adapters/'),
  })),
  {
    id: 'hono',
    label: 'Hono (`hono`)',
    source: `export * from 'hono'`,
    adapter: false,
  },
  {
    id: '@hono/node-server',
    label: '`@hono/node-server`',
    source: `export * from '@hono/node-server'`,
    adapter: false,
  },
  {
    id: 'hono/aws-lambda',
    label: '`hono/aws-lambda`',
    source: `export * from 'hono/aws-lambda'`,
    adapter: false,
  },
  {
    id: 'koa-compose',
    label: 'koa-compose',
    source: `export { default } from 'koa-compose'`,
    adapter: false,
  },
]

/** The performance model's targets: importing the core, and each adapter's own code. */
export const IMPORT_TARGET_MS = 10
export const ADAPTER_TARGET = 2048

export interface ColdResult {
  readonly id: string
  readonly label: string
  /** Median ms to start node and import the bundle, minus `node -e 0`'s median. */
  readonly importMs: number
  /** Minified and gzipped (level 9), everything it imports included. */
  readonly gzip: number
  /** The same with the core (`src/index.ts`) left out: an adapter's own code. */
  readonly ownGzip: number
  /** A shallot adapter, whose own code the report shows. */
  readonly adapter: boolean
}

/** Wall-clock ms of one `node` run. */
function timeNode(args: readonly string[]): number {
  const start = performance.now()
  const child = spawnSync(process.execPath, args, { stdio: 'ignore' })
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed`)
  return performance.now() - start
}

/** Measures every entry, `runs` interleaved starts each, bundles kept in `dir`. */
export async function coldStartBench(dir: string, runs = 31): Promise<ColdResult[]> {
  const files = new Map<string, string>()
  for (const entry of COLD_ENTRIES) {
    const file = join(dir, `cold-${entry.id.replace(/[^a-z0-9]+/gi, '-')}.mjs`)
    await build({
      stdin: { contents: entry.source, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: file,
      logLevel: 'silent',
    })
    files.set(entry.id, file)
  }
  const empty = join(dir, 'cold-empty.mjs')
  writeFileSync(empty, '')
  const base: number[] = []
  const times = new Map<string, number[]>(COLD_ENTRIES.map((e) => [e.id, []]))
  for (let run = 0; run < runs; run++) {
    base.push(timeNode(['-e', '0']))
    for (const entry of COLD_ENTRIES)
      times.get(entry.id)!.push(timeNode([files.get(entry.id)!]))
  }
  const floor = median(base)
  return Promise.all(
    COLD_ENTRIES.map(async (entry) => ({
      id: entry.id,
      label: entry.label,
      importMs: median(times.get(entry.id)!) - floor,
      gzip: (await bundleSize(entry.source)).gzip,
      ownGzip: (await bundleSize(entry.source, ['*/src/index.js'])).gzip,
      adapter: entry.adapter,
    })),
  )
}

/** The section as markdown, with the targets. */
export function coldMarkdown(results: readonly ColdResult[]): string {
  const row = (r: ColdResult) =>
    `| ${r.label} | ${r.importMs.toFixed(1)} ms | ${r.gzip} | ${r.adapter ? r.ownGzip : '—'} |`
  const core = results.find((r) => r.id === 'shallot')!
  const checks = [
    ...results
      .filter((r) => r.id in ENTRY_BUDGETS)
      .map(
        (r) =>
          `- ${r.gzip <= ENTRY_BUDGETS[r.id]! ? 'PASS' : 'FAIL'} ${r.label} ≤ its budget of ${ENTRY_BUDGETS[r.id]} bytes min+gzip: ${r.gzip}`,
      ),
    `- ${core.importMs <= IMPORT_TARGET_MS ? 'PASS' : 'FAIL'} importing the core adds ≤ ${IMPORT_TARGET_MS} ms over \`node -e 0\`: ${core.importMs.toFixed(1)} ms`,
    ...results
      .filter((r) => r.adapter)
      .map(
        (r) =>
          `- ${r.ownGzip <= ADAPTER_TARGET ? 'PASS' : 'FAIL'} ${r.label} own code ≤ ${ADAPTER_TARGET} bytes min+gzip: ${r.ownGzip}`,
      ),
  ]
  return [
    '## Cold start',
    '',
    'Each entry bundled by esbuild for Node (ESM, not minified, as deployed); import time is the median wall time of `node <bundle>` minus that of `node -e 0`, both started alternately. Sizes: the same entry bundled minified and platform neutral, gzipped at level 9; "own code" leaves the core (`src/index.ts`) out.',
    '',
    '| entry | import over `node -e 0` | min+gzip bytes | own code min+gzip |',
    '| --- | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    ...checks,
  ].join('\n')
}
