/**
 * The HTTP section of `npm run bench`: requests per second and p99 latency of a bare
 * `node:http` server, `shallot/node` with 10 layers (a view answering `text()` and one
 * answering `new Response()`), srvx with `FastResponse`, h3 v2, `@hono/node-server` +
 * Hono, Koa and Fastify, each with 10 layers, measured in the same run with autocannon
 * on 127.0.0.1. Each server runs in its own process, on the Node binary given; the
 * rounds are interleaved so that drift in the machine affects every server alike.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type autocannonType from 'autocannon'
import { build } from 'esbuild'
import { PEERS, requirePeer } from '../peers/install.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')

export const HTTP_SERVERS = [
  { id: 'node', label: 'bare node:http' },
  { id: 'nodeResponse', label: 'node:http + `new Response(text)` per request, unused' },
  { id: 'shallotText', label: 'shallot/node, 10 layers, view answers `text(…)`' },
  {
    id: 'shallotResponse',
    label: 'shallot/node, 10 layers, view answers `new Response(…)`',
  },
  { id: 'srvx', label: 'srvx + `FastResponse`, 10 middleware' },
  { id: 'h3', label: 'h3 v2, 10 middleware' },
  { id: 'hono', label: '@hono/node-server + Hono, 10 layers' },
  { id: 'koa', label: 'Koa, 10 layers' },
  { id: 'fastify', label: 'Fastify, 10 onRequest hooks' },
] as const

export interface HttpSettings {
  readonly rounds: number
  readonly seconds: number
  readonly connections: number
}

export interface HttpResult {
  readonly id: string
  readonly label: string
  /** Requests per second, one per round. */
  readonly rps: readonly number[]
  /** p99 latency in ms, one per round. */
  readonly p99: readonly number[]
  readonly medianRps: number
  readonly medianP99: number
  readonly errors: number
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * Bundles server.ts with shallot's sources compiled in and every package left as an
 * import, into a folder under bench/peers/node_modules: from there Node finds the
 * peers and the root packages alike, on any Node binary, without tsx.
 */
export async function buildServer(): Promise<string> {
  const dir = join(PEERS, 'node_modules/.cache/shallot-bench')
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, 'server.mjs')
  await build({
    entryPoints: [join(here, 'server.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  return outfile
}

async function start(
  id: string,
  binary: string,
  server: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(binary, [server, id, '10'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`${id} server did not start`)),
      30_000,
    )
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /port (\d+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolvePort(Number(match[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`${id} server exited (${code})`)))
  })
  return { child, port }
}

function load(port: number, seconds: number, connections: number) {
  // A peer: loaded from bench/peers, not from the root install.
  const autocannon = requirePeer('autocannon') as typeof autocannonType
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    duration: seconds,
  })
}

/**
 * Runs every server (the bundle from `buildServer`) on `binary` for `rounds`
 * interleaved rounds after a 1 s warm-up each.
 */
export async function httpBench(
  settings: HttpSettings,
  binary: string,
  server: string,
): Promise<HttpResult[]> {
  const started: { id: string; label: string; child: ChildProcess; port: number }[] = []
  try {
    for (const s of HTTP_SERVERS)
      started.push({ ...s, ...(await start(s.id, binary, server)) })
    for (const s of started) await load(s.port, 1, settings.connections)
    const rps = new Map<string, number[]>(started.map((s) => [s.id, []]))
    const p99 = new Map<string, number[]>(started.map((s) => [s.id, []]))
    const errors = new Map<string, number>(started.map((s) => [s.id, 0]))
    for (let round = 0; round < settings.rounds; round++) {
      // A different order each round, so no server always runs right after another.
      const order = started.map((_, i) => started[(i + round) % started.length]!)
      for (const s of order) {
        const result = await load(s.port, settings.seconds, settings.connections)
        rps.get(s.id)!.push(result.requests.average)
        p99.get(s.id)!.push(result.latency.p99)
        errors.set(s.id, errors.get(s.id)! + result.errors + result.non2xx)
      }
    }
    return started.map((s) => ({
      id: s.id,
      label: s.label,
      rps: rps.get(s.id)!,
      p99: p99.get(s.id)!,
      medianRps: median(rps.get(s.id)!),
      medianP99: median(p99.get(s.id)!),
      errors: errors.get(s.id)!,
    }))
  } finally {
    for (const s of started) s.child.stdin!.end()
  }
}

/** The results on one Node as a markdown section, with the targets. */
export function httpMarkdown(
  results: readonly HttpResult[],
  settings: HttpSettings,
  node: string,
): string {
  const rps = (id: string) => results.find((r) => r.id === id)!.medianRps
  const ratio = (x: number) => `${x.toFixed(2)}×`
  const row = (r: HttpResult) =>
    `| ${r.label} | ${Math.round(r.medianRps)} | ${r.medianP99.toFixed(1)} ms | ${ratio(r.medianRps / rps('node'))} | ${r.errors} |`
  const target = (name: string, x: number, at: number) =>
    `- ${x >= at ? 'PASS' : 'FAIL'} ${name} ≥ ${at}×: ${ratio(x)}`
  const shallot = rps('shallotText')
  return [
    `### HTTP on Node ${node}`,
    '',
    `autocannon on 127.0.0.1, ${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per server (after a 1 s warm-up), each server in its own process; \`GET /\` answering a 13-byte text body. Median of the rounds.`,
    '',
    '| server | requests/s | p99 | to bare node:http | errors + non-2xx |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    'Targets (shallot/node answering `text(…)`, same run):',
    '',
    target('to srvx + `FastResponse`', shallot / rps('srvx'), 1),
    target('to @hono/node-server + Hono', shallot / rps('hono'), 1.15),
    target('to bare node:http', shallot / rps('node'), 0.7),
    '',
    `Beside them, no target: the view answering \`new Response(…)\` serves ${ratio(rps('shallotResponse') / shallot)} of the \`text(…)\` view; building one \`new Response(text)\` per request and nothing else takes bare node:http to ${ratio(rps('nodeResponse') / rps('node'))}.`,
  ].join('\n')
}
