/**
 * `npm run bench`: in-process dispatch cost of shallot against hand-written closures
 * and other middleware systems, then the migration comparison's cost (migration.ts),
 * the Node adapter's cost per exchange without sockets (http/exchange.ts) and HTTP
 * throughput behind node:http (http/index.ts).
 *
 * It bundles the suite (shallot's sources and the peers, as an application bundle
 * holds them) with esbuild into a temporary directory, runs the bundle in several
 * plain `node` processes one after the other, each with its own build and warm-up
 * order, and reports on all their samples: a markdown table on stdout and a JSON
 * report.
 *
 * Flags:
 *   --json <file>       JSON report (default: shallot-bench.json in the OS temp dir)
 *   --processes <p>     measuring processes (default 4)
 *   --rounds <r>        interleaved rounds per process (default 11)
 *   --n 1,5,10,20,50    depths
 *   --only <ids>        systems, comma-separated (ids in catalog.ts)
 *   --batch-ms <ms>     batch length (default 4); --repeat <k> best of k (default 3)
 *   --warmup-ms <ms>    warm-up per case (default 100)
 *   --clock wall|cpu    cpu: process CPU time, steadier on a shared machine
 *   --gc                forced full gc before each batch (off: it perturbs the JIT)
 *   --strict            exit 1 when a target fails
 *   --keep              keep the bundle and print its path
 *   --http-rounds <r>   HTTP section: interleaved rounds per server (default 3)
 *   --http-seconds <s>  HTTP section: seconds of load per round (default 5)
 *   --skip <sections>   leave out sections, comma-separated: allocation, cold,
 *                       migration, exchange, http
 *   --node-arg=<flag>   pass a flag to the measuring processes (repeatable), e.g.
 *                       --node-arg=--cpu-prof --processes 1
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { arch, availableParallelism, cpus, platform, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build, type Plugin } from 'esbuild'
import { allocationBench, allocationMarkdown } from './allocation-report.js'
import { coldMarkdown, coldStartBench } from './cold-start.js'
import { exchangeBench, exchangeMarkdown } from './http/exchange-report.js'
import { httpBench, httpMarkdown } from './http/index.js'
import { migrationBench, migrationMarkdown } from './migration.js'
import { buildReport, markdown, type Machine } from './report.js'
import type { ProcessSamples } from './suite.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')

const { values: flags } = parseArgs({
  options: {
    json: { type: 'string', default: join(tmpdir(), 'shallot-bench.json') },
    processes: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '11' },
    n: { type: 'string', default: '1,5,10,20,50' },
    only: { type: 'string' },
    'batch-ms': { type: 'string', default: '4' },
    repeat: { type: 'string', default: '3' },
    'warmup-ms': { type: 'string', default: '100' },
    clock: { type: 'string', default: 'wall' },
    gc: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'http-rounds': { type: 'string', default: '3' },
    'http-seconds': { type: 'string', default: '5' },
    skip: { type: 'string' },
  },
})

/** Maps `bench:hono-compose` to Hono's dispatcher, next to the package's entry. */
const honoCompose: Plugin = {
  name: 'hono-compose',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^bench:hono-compose$/ }, async () => {
      const entry = await pluginBuild.resolve('hono', {
        kind: 'import-statement',
        resolveDir: root,
      })
      if (entry.errors.length > 0) return { errors: entry.errors }
      return { path: join(dirname(entry.path), 'compose.js') }
    })
  },
}

function machine(): Machine {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    availableParallelism: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  }
}

const dir = mkdtempSync(join(tmpdir(), 'shallot-bench-'))
const bundle = join(dir, 'suite.mjs')
const allocationBundle = join(dir, 'allocation.mjs')
const skip = new Set(flags.skip?.split(',') ?? [])
try {
  await build({
    entryPoints: [join(here, 'suite.ts'), join(here, 'allocation.ts')],
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [honoCompose],
    logLevel: 'warning',
  })
  const processes = Number(flags.processes)
  const pass = [
    'n',
    'only',
    'rounds',
    'batch-ms',
    'repeat',
    'warmup-ms',
    'clock',
  ] as const
  const suiteArgs = pass.flatMap((name) => {
    const value = flags[name]
    return value === undefined ? [] : [`--${name}`, value]
  })
  if (flags.gc) suiteArgs.push('--gc')
  const results: ProcessSamples[] = []
  for (let order = 0; order < processes; order++) {
    const out = join(dir, `samples-${order}.json`)
    process.stderr.write(`bench: process ${order + 1} of ${processes}…\n`)
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        ...flags['node-arg'],
        bundle,
        ...suiteArgs,
        '--order',
        String(order),
        '--out',
        out,
      ],
      { stdio: 'inherit' },
    )
    if (child.status !== 0) {
      throw new Error(
        `measuring process ${order} failed (${child.status ?? child.signal})`,
      )
    }
    results.push(JSON.parse(readFileSync(out, 'utf8')) as ProcessSamples)
  }
  const report = buildReport(results, machine(), {
    processes,
    roundsPerProcess: Number(flags.rounds),
    repeat: Number(flags.repeat),
    batchMs: Number(flags['batch-ms']),
    warmupMs: Number(flags['warmup-ms']),
    clock: flags.clock,
    gc: flags.gc,
  })
  const sections: string[] = [markdown(report)]
  const json: Record<string, unknown> = { ...report }
  if (!skip.has('allocation')) {
    process.stderr.write('bench: allocation…\n')
    const allocation = allocationBench(allocationBundle, dir)
    json['allocation'] = allocation
    sections.push(allocationMarkdown(allocation))
  }
  if (!skip.has('cold')) {
    process.stderr.write('bench: cold start…\n')
    const cold = await coldStartBench(dir)
    json['coldStart'] = cold
    sections.push(coldMarkdown(cold))
  }
  if (!skip.has('migration')) {
    process.stderr.write('bench: migration comparison…\n')
    const migration = await migrationBench()
    json['migration'] = migration
    sections.push(migrationMarkdown(migration))
  }
  if (!skip.has('exchange')) {
    process.stderr.write('bench: Node adapter without sockets…\n')
    const exchange = exchangeBench()
    json['exchange'] = exchange
    sections.push(exchangeMarkdown(exchange))
  }
  if (!skip.has('http')) {
    process.stderr.write('bench: HTTP servers…\n')
    const httpSettings = {
      rounds: Number(flags['http-rounds']),
      seconds: Number(flags['http-seconds']),
      connections: 50,
    }
    const http = await httpBench(httpSettings)
    json['http'] = { settings: httpSettings, results: http }
    sections.push(httpMarkdown(http, httpSettings))
  }
  const jsonPath = resolve(flags.json)
  mkdirSync(dirname(jsonPath), { recursive: true })
  writeFileSync(jsonPath, `${JSON.stringify({ ...json, samples: results }, null, 2)}\n`)
  console.log(`${sections.join('\n\n')}\n\nJSON report: ${jsonPath}`)
  if (flags.strict && report.checks.some((c) => c.pass === false)) process.exitCode = 1
} finally {
  if (flags.keep) process.stderr.write(`bench: bundle kept at ${bundle}\n`)
  else rmSync(dir, { recursive: true, force: true })
}
