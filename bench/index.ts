/**
 * `npm run bench`: in-process dispatch cost of shallot against hand-written closures
 * and other middleware systems, and HTTP throughput behind node:http against other
 * servers (http/index.ts), both on the Node running the bench and on Node 24; then, on
 * the running Node only, allocation, cold start, the migration comparison's cost
 * (migration.ts) and the Node adapter's cost per exchange without sockets
 * (http/exchange.ts), and routing (routing.ts).
 *
 * It bundles the suite (shallot's sources and the peers, as an application bundle
 * holds them) with esbuild into a temporary directory, runs the bundle in several
 * plain `node` processes one after the other, each with its own build and warm-up
 * order, and reports on all their samples: markdown on stdout, a JSON report, and with
 * `--report` a page for docs/reports/. Node 24 comes from
 * scripts/node-versions/install.sh, and the HTTP peers (srvx, h3, Fastify, autocannon)
 * from bench/peers: both are installed on first use.
 *
 * Flags:
 *   --json <file>       JSON report (default: shallot-bench.json in the OS temp dir)
 *   --report <file>     also write the markdown as a report page (prettier-formatted)
 *   --nodes <list>      Nodes for the dispatch and HTTP tables (default current,24)
 *   --quick             a short run that checks the bench works (also
 *                       SHALLOT_BENCH_QUICK=1): the dispatch and HTTP tables only,
 *                       1 process, 3 rounds, N = 1,10, 1 s of HTTP load per server;
 *                       flags given explicitly (--skip too) still win
 *   --processes <p>     measuring processes (default 4)
 *   --rounds <r>        interleaved rounds per process (default 11)
 *   --n 1,5,10,20,50    depths
 *   --only <ids>        systems, comma-separated (ids in catalog.ts)
 *   --batch-ms <ms>     batch length (default 4); --repeat <k> best of k (default 3)
 *   --warmup-ms <ms>    warm-up per case (default 100)
 *   --clock wall|cpu    cpu: process CPU time, steadier on a shared machine
 *   --gc                forced full gc before each batch (off: it perturbs the JIT)
 *   --strict            exit 1 when a dispatch target fails
 *   --keep              keep the bundle and print its path
 *   --http-rounds <r>   HTTP section: interleaved rounds per server (default 3)
 *   --http-seconds <s>  HTTP section: seconds of load per round (default 5)
 *   --skip <sections>   leave out sections, comma-separated: allocation, cold,
 *                       migration, exchange, http, routing
 *   --node-arg=<flag>   pass a flag to the measuring processes (repeatable), e.g.
 *                       --node-arg=--cpu-prof --processes 1
 *
 * @module
 */
import { routingFigures, type RoutingFigure } from './routing.js'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { arch, availableParallelism, cpus, platform, tmpdir, totalmem } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build, type Plugin } from 'esbuild'
import { format, resolveConfig } from 'prettier'
import { allocationBench, allocationMarkdown } from './allocation-report.js'
import { coldMarkdown, coldStartBench } from './cold-start.js'
import { exchangeBench, exchangeMarkdown } from './http/exchange-report.js'
import { buildServer, httpBench, httpMarkdown, type HttpResult } from './http/index.js'
import { migrationBench, migrationMarkdown } from './migration.js'
import { nodeBinaries, type NodeBinary } from './nodes.js'
import { ensurePeers } from './peers/install.js'
import { summaryMarkdown } from './summary.js'
import {
  buildReport,
  machineLine,
  markdown,
  type Machine,
  type Report,
} from './report.js'
import type { ProcessSamples } from './suite.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')

const { values: given } = parseArgs({
  options: {
    json: { type: 'string', default: join(tmpdir(), 'shallot-bench.json') },
    report: { type: 'string' },
    nodes: { type: 'string', default: 'current,24' },
    quick: { type: 'boolean', default: process.env['SHALLOT_BENCH_QUICK'] === '1' },
    processes: { type: 'string' },
    rounds: { type: 'string' },
    n: { type: 'string' },
    only: { type: 'string' },
    'batch-ms': { type: 'string' },
    repeat: { type: 'string' },
    'warmup-ms': { type: 'string' },
    clock: { type: 'string', default: 'wall' },
    gc: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'http-rounds': { type: 'string' },
    'http-seconds': { type: 'string' },
    skip: { type: 'string' },
  },
})
/** Defaults, and the shorter ones of `--quick`: an explicit flag wins over both. */
const defaults = {
  processes: ['4', '1'],
  rounds: ['11', '3'],
  n: ['1,5,10,20,50', '1,10'],
  'batch-ms': ['4', '2'],
  repeat: ['3', '1'],
  'warmup-ms': ['100', '20'],
  'http-rounds': ['3', '1'],
  'http-seconds': ['5', '1'],
} as const
const flags = {
  ...given,
  ...Object.fromEntries(
    Object.entries(defaults).map(([name, [full, quick]]) => [
      name,
      given[name as keyof typeof defaults] ?? (given.quick ? quick : full),
    ]),
  ),
} as typeof given & Record<keyof typeof defaults, string>

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

function machine(node: NodeBinary): Machine {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    availableParallelism: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${arch()}`,
    node: node.version,
    v8: node.v8,
    date: new Date().toISOString(),
  }
}

/** The dispatch table on one Node: `processes` measuring processes of the bundle. */
function dispatch(node: NodeBinary, bundle: string, dir: string) {
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
    process.stderr.write(
      `bench: Node ${node.version}, process ${order + 1} of ${processes}…\n`,
    )
    const child = spawnSync(
      node.binary,
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
  const report = buildReport(results, machine(node), {
    processes,
    roundsPerProcess: Number(flags.rounds),
    repeat: Number(flags.repeat),
    batchMs: Number(flags['batch-ms']),
    warmupMs: Number(flags['warmup-ms']),
    clock: flags.clock,
    gc: flags.gc,
  })
  return { report, samples: results }
}

// Under the root node_modules, so that a package loaded at run time (fromKoa's Koa)
// resolves from the bundle as from the sources.
const cache = join(root, 'node_modules/.cache/shallot')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(join(cache, 'bench-'))
const bundle = join(dir, 'suite.mjs')
const allocationBundle = join(dir, 'allocation.mjs')
const skip = new Set(
  (
    flags.skip ?? (flags.quick ? 'allocation,cold,migration,exchange,routing' : '')
  ).split(','),
)
try {
  await build({
    entryPoints: [join(here, 'suite.ts'), join(here, 'allocation.ts')],
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // A CommonJS package bundled into ESM may require Node's built-ins.
    banner: {
      js: "import { createRequire as benchRequire } from 'node:module'; const require = benchRequire(import.meta.url);",
    },
    plugins: [honoCompose],
    logLevel: 'warning',
  })
  const nodes = nodeBinaries(flags.nodes.split(','))
  const httpSettings = {
    rounds: Number(flags['http-rounds']),
    seconds: Number(flags['http-seconds']),
    connections: 50,
  }
  let server: string | undefined
  if (!skip.has('http')) {
    ensurePeers()
    server = await buildServer()
  }
  const perNode: {
    node: NodeBinary
    dispatch: Report
    samples: ProcessSamples[]
    http?: HttpResult[]
  }[] = []
  for (const node of nodes) {
    const { report, samples } = dispatch(node, bundle, dir)
    const entry: (typeof perNode)[number] = { node, dispatch: report, samples }
    if (server !== undefined) {
      process.stderr.write(`bench: HTTP servers on Node ${node.version}…\n`)
      entry.http = await httpBench(httpSettings, node.binary, server)
    }
    perNode.push(entry)
  }
  const first = perNode[0]!.dispatch
  const sections: string[] = [
    machineLine(first.machine),
    `Nodes: ${perNode.map((p) => `${p.node.version} (V8 ${p.node.v8})`).join(', ')}; ${first.machine.date.slice(0, 10)}.`,
    summaryMarkdown(
      perNode.map((p) => ({
        version: p.node.version,
        dispatch: p.dispatch,
        http: p.http,
      })),
    ),
    '## Dispatch',
    ...perNode.map((p) => markdown(p.dispatch)),
  ]
  if (server !== undefined) {
    sections.push(
      '## HTTP',
      ...perNode.map((p) => httpMarkdown(p.http!, httpSettings, p.node.version)),
    )
  }
  const json: Record<string, unknown> = {
    machine: first.machine,
    nodes: perNode.map((p) => ({
      node: p.node.version,
      v8: p.node.v8,
      dispatch: p.dispatch,
      ...(p.http && { http: { settings: httpSettings, results: p.http } }),
      samples: p.samples,
    })),
  }
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
  if (!skip.has('routing')) {
    process.stderr.write('bench: routing…\n')
    const routing = routingFigures()
    json['routing'] = routing
    sections.push(routingMarkdown(routing))
  }
  const jsonPath = resolve(flags.json)
  mkdirSync(dirname(jsonPath), { recursive: true })
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`)
  const text = sections.join('\n\n')
  console.log(`${text}\n\nJSON report: ${jsonPath}`)
  if (flags.report !== undefined) {
    await writeReport(resolve(flags.report), text, first.machine)
  }
  if (
    flags.strict &&
    perNode.some((p) => p.dispatch.checks.some((c) => c.pass === false))
  ) {
    process.exitCode = 1
  }
} finally {
  if (flags.keep) process.stderr.write(`bench: bundle kept at ${bundle}\n`)
  else rmSync(dir, { recursive: true, force: true })
}

/** An argument as the page may show it: no path of the machine that ran the bench. */
function portable(arg: string): string {
  const [flag, value] = arg.includes('=') ? arg.split(/=(.*)/s) : [undefined, arg]
  if (value === undefined || !isAbsolute(value)) return arg
  const inside = relative(root, value)
  const shown = inside.startsWith('..') ? '<file>' : inside
  return flag === undefined ? shown : `${flag}=${shown}`
}

/** The markdown as a page of docs/reports/, formatted as the repository's prettier does. */
async function writeReport(file: string, text: string, m: Machine): Promise<void> {
  const command = ['npm run bench --', ...process.argv.slice(2).map(portable)].join(' ')
  const page = [
    `# Benchmark report, ${m.date.slice(0, 10)}`,
    '',
    `Written by \`${command}\`. What the figures mean is in [the performance topic](${relative(dirname(file), join(root, 'docs/topics/performance.md'))}).`,
    ...(flags.quick
      ? [
          '',
          'A `--quick` run: it shows that the bench works, and its figures are too short to compare.',
        ]
      : []),
    '',
    text,
    '',
  ].join('\n')
  const options = await resolveConfig(file)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, await format(page, { ...options, filepath: file }))
  process.stderr.write(`bench: report written to ${file}\n`)
}

/** The routing section: nanoseconds per lookup, and the two ratios the targets name. */
function routingMarkdown(figures: readonly RoutingFigure[]): string {
  const ns = (name: string) => figures.find((f) => f.name === name)?.nsPerLookup
  const rows = figures.map((f) => `| ${f.name} | ${f.nsPerLookup.toFixed(0)} |`)
  const ten = ns('shallot/urls, 10 routes')
  const thousand = ns('shallot/urls, 1000 routes')
  const hundred = ns('shallot/urls, 100 routes')
  const hono = ns('Hono SmartRouter, 100 routes')
  const ratio = (a?: number, b?: number) =>
    a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`
  return [
    '## Routing (ns per lookup, best of nine)',
    '',
    '| router | ns per lookup |',
    '| --- | ---: |',
    ...rows,
    '',
    `1,000 routes cost ${ratio(thousand, ten)} what 10 do (target ≤ 2×); with 100 routes shallot/urls takes ${ratio(hundred, hono)} Hono's default router's time (target ≤ 1×).`,
  ].join('\n')
}
