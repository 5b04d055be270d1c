/**
 * `npm run size`: the bundle size of the smallest app and of each entry point,
 * minified and gzipped (level 9), against the budgets `npm test` holds them to, and
 * the Hono bundles they are compared with.
 *
 * @module
 */
import {
  APP_BUDGET,
  bundleSize,
  ENTRY_BUDGETS,
  entryBundle,
  HONO_COMPARISONS,
  MINIMAL_APP,
} from './bundle-size.js'
import { ENTRIES } from './entries.js'

const within = (gzip: number, budget: number) =>
  `${gzip <= budget ? 'within' : 'OVER'} (${budget - gzip} left)`

const app = await bundleSize(MINIMAL_APP)
const entries = await Promise.all(
  ENTRIES.map(async (entry) => ({
    name: entry.name,
    size: await bundleSize(entryBundle(entry)),
    budget: ENTRY_BUDGETS[entry.name]!,
  })),
)
const comparisons = await Promise.all(
  HONO_COMPARISONS.map(async (comparison) => ({
    name: comparison.name,
    shallot: (await bundleSize(comparison.shallot)).gzip,
    hono: (await bundleSize(comparison.hono)).gzip,
  })),
)
console.log(
  [
    '| bundle (esbuild, ESM, minified, platform neutral) | min bytes | min+gzip -9 bytes | budget in npm test |',
    '| --- | ---: | ---: | --- |',
    `| smallest Node app (\`createHandler\`, \`NotFound\`, \`serve\`) | ${app.min} | ${app.gzip} | ${APP_BUDGET}: ${within(app.gzip, APP_BUDGET)} |`,
    ...entries.map(
      (e) =>
        `| \`${e.name}\` | ${e.size.min} | ${e.size.gzip} | ${e.budget}: ${within(e.size.gzip, e.budget)} |`,
    ),
    '',
    '| against Hono (min+gzip -9 bytes) | shallot | Hono | |',
    '| --- | ---: | ---: | --- |',
    ...comparisons.map(
      (c) =>
        `| ${c.name} | ${c.shallot} | ${c.hono} | ${c.shallot < c.hono ? 'smaller' : 'NOT SMALLER'} |`,
    ),
  ].join('\n'),
)
if (
  app.gzip > APP_BUDGET ||
  entries.some((e) => e.size.gzip > e.budget) ||
  comparisons.some((c) => c.shallot >= c.hono)
)
  process.exitCode = 1
