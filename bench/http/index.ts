/**
 * The HTTP section of `npm run bench`: requests per second and p99 latency of a bare
 * `node:http` server, `shallot/node` with 10 layers, `@hono/node-server` + Hono
 * with 10 layers, Koa with 10 layers and Fastify with 10 hooks, measured in the same run with autocannon on 127.0.0.1. Each server
 * runs in its own process; the rounds are interleaved so that drift in the machine
 * affects every server alike.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')

export const HTTP_SERVERS = [
  { id: 'node', label: 'bare node:http' },
  { id: 'nodeResponse', label: 'node:http + `new Response(text)` per request, unused' },
  {
    id: 'nodeNullResponse',
    label: 'node:http + `new Response(null)` per request, unused',
  },
  { id: 'shallot', label: 'shallot/node, 10 layers' },
  {
    id: 'shallotNullBody',
    label: 'shallot/node, 10 layers, view answers `new Response(null)`',
  },
  {
    id: 'shallotOnHonoServer',
    label: 'the same shallot stack served by @hono/node-server (its Response)',
  },
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

async function start(id: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'server.ts'), id, '10'],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  )
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
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    duration: seconds,
  })
}

/** Runs every server for `rounds` interleaved rounds after a warm-up. */
export async function httpBench(settings: HttpSettings): Promise<HttpResult[]> {
  const servers = await Promise.all(
    HTTP_SERVERS.map(async (s) => ({ ...s, ...(await start(s.id)) })),
  )
  try {
    for (const server of servers) await load(server.port, 1, settings.connections)
    const rps = new Map<string, number[]>(servers.map((s) => [s.id, []]))
    const p99 = new Map<string, number[]>(servers.map((s) => [s.id, []]))
    const errors = new Map<string, number>(servers.map((s) => [s.id, 0]))
    for (let round = 0; round < settings.rounds; round++) {
      // A different order each round, so no server always runs right after another.
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!)
      for (const server of order) {
        const result = await load(server.port, settings.seconds, settings.connections)
        rps.get(server.id)!.push(result.requests.average)
        p99.get(server.id)!.push(result.latency.p99)
        errors.set(server.id, errors.get(server.id)! + result.errors + result.non2xx)
      }
    }
    return servers.map((s) => ({
      id: s.id,
      label: s.label,
      rps: rps.get(s.id)!,
      p99: p99.get(s.id)!,
      medianRps: median(rps.get(s.id)!),
      medianP99: median(p99.get(s.id)!),
      errors: errors.get(s.id)!,
    }))
  } finally {
    for (const server of servers) server.child.stdin!.end()
  }
}

/** The results as a markdown section, with the targets. */
export function httpMarkdown(
  results: readonly HttpResult[],
  settings: HttpSettings,
): string {
  const by = (id: string) => results.find((r) => r.id === id)!
  const node = by('node')
  const shallot = by('shallot')
  const hono = by('hono')
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
  const row = (r: HttpResult) =>
    `| ${r.label} | ${Math.round(r.medianRps)} | ${r.medianP99.toFixed(1)} ms | ${ratio(r.medianRps, node.medianRps)} | ${r.errors} |`
  const toNode = shallot.medianRps / node.medianRps
  const toHono = shallot.medianRps / hono.medianRps
  const ceiling = by('nodeResponse').medianRps / node.medianRps
  const nullCeiling = by('nodeNullResponse').medianRps / node.medianRps
  const onHono = by('shallotOnHonoServer').medianRps / hono.medianRps
  return [
    '## HTTP',
    '',
    `autocannon on 127.0.0.1, ${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per server (after a 1 s warm-up), each server in its own process; \`GET /\` answering a 13-byte text body. Median of the rounds.`,
    '',
    '| server | requests/s | p99 | to bare node:http | errors + non-2xx |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    `- ${toNode >= 0.85 ? 'PASS' : 'FAIL'} shallot/node ≥ 0.85× bare node:http: ${toNode.toFixed(2)}×`,
    `- ${toHono >= 1.2 ? 'PASS' : 'FAIL'} shallot/node ≥ 1.2× @hono/node-server + Hono: ${toHono.toFixed(2)}×`,
    '',
    'Limits measured in the same run:',
    '',
    `- Building one \`new Response(text)\` per request, and nothing else, takes bare node:http to ${ceiling.toFixed(2)}×; a \`new Response(null)\`, to ${nullCeiling.toFixed(2)}×. A handler must return a real Response, so this is as far as any adapter that keeps the global \`Response\` can go.`,
    `- The same shallot stack served by @hono/node-server, whose replacement \`Response\` has no stream, answers ${onHono.toFixed(2)}× Hono's own requests/s: the dispatch is not what holds shallot/node back.`,
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const settings = { rounds: 3, seconds: 3, connections: 50 }
  console.log(httpMarkdown(await httpBench(settings), settings))
}
