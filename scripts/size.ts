/**
 * `npm run size`: the bundle size of each entry point, minified and gzipped (level 9).
 *
 * @module
 */
import {
  ADAPTER_BUDGETS,
  ADAPTER_TARGET,
  bundleSize,
  CORE_BUDGET,
  sizeReport,
  type BundleSize,
} from './bundle-size.js'

const { core, legacy, legacyOwn, both } = await sizeReport()
const row = (name: string, size: BundleSize) =>
  `| ${name} | ${size.min} | ${size.gzip} |`
console.log(
  [
    '| bundle (esbuild, ESM, minified, platform neutral) | min bytes | min+gzip -9 bytes |',
    '| --- | ---: | ---: |',
    row('`shallot` (src/index.ts)', core),
    row('`shallot/legacy` alone, with the core parts it imports', legacy),
    row('`shallot/legacy` own code (core left external)', legacyOwn),
    row('both entry points in one bundle', both),
    `| legacy delta: both − core | ${both.min - core.min} | ${both.gzip - core.gzip} |`,
    '',
    `Core budget: ${core.gzip} of ${CORE_BUDGET} bytes min+gzip ` +
      `(${core.gzip <= CORE_BUDGET ? 'within' : 'OVER'}, ${CORE_BUDGET - core.gzip} left).`,
    `Core imports kept outside the bundle: ${core.imports.length === 0 ? 'none' : core.imports.join(', ')}.`,
  ].join('\n'),
)
const adapters = await Promise.all(
  Object.entries(ADAPTER_BUDGETS).map(async ([name, budget]) => ({
    name,
    budget,
    own: await bundleSize(`export * from './adapters/${name}/index.ts'`, [
      '*/src/index.js',
    ]),
  })),
)
console.log(
  [
    '',
    `| adapter own code (core left out) | min+gzip -9 bytes | limit in npm test | target ${ADAPTER_TARGET} |`,
    '| --- | ---: | ---: | --- |',
    ...adapters.map(
      (a) =>
        `| \`shallot/${a.name}\` | ${a.own.gzip} | ${a.budget} | ${a.own.gzip <= ADAPTER_TARGET ? 'met' : 'not met'} |`,
    ),
  ].join('\n'),
)
if (core.gzip > CORE_BUDGET || adapters.some((a) => a.own.gzip > a.budget))
  process.exitCode = 1
