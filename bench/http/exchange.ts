/**
 * The Node adapter without sockets: `tsx exchange.ts` runs whole exchanges through
 * `toNodeListener` on `IncomingMessage`/`ServerResponse` objects that have no socket,
 * so that only JavaScript is timed (no system calls, no load generator), then takes a
 * CPU profile of the shallot case. Prints one JSON object, read by `exchange-report.ts`.
 *
 * @module
 */
import { IncomingMessage, ServerResponse } from 'node:http'
import { Session, type Profiler } from 'node:inspector/promises'
import { Socket } from 'node:net'
import { toNodeListener } from '../../adapters/node/index.js'
import { createHandler, text, type Middleware } from '../../src/index.js'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

const BODY = 'hello, world\n'
const TEXT = { 'content-type': 'text/plain; charset=utf-8' }
const HEAD = ['content-type', 'text/plain; charset=utf-8', 'content-length', '13']
const LAYERS = 10

function stack(view: () => Response): Listener {
  const pass: Middleware = (getResponse) => async (request) => {
    const response = await getResponse(request)
    return response
  }
  return toNodeListener(
    createHandler({
      middleware: Array.from({ length: LAYERS }, () => pass),
      view,
    }),
  )
}

/** The listeners compared, in table order. */
export const EXCHANGES = [
  {
    id: 'bare',
    label: 'node:http listener writing the answer itself',
    listener: (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, HEAD)
      res.end(BODY)
    },
  },
  {
    id: 'bareResponse',
    label: 'the same, building a `new Response(text)` it does not use',
    listener: (_req: IncomingMessage, res: ServerResponse) => {
      const response = new Response(BODY, { headers: TEXT })
      res.writeHead(response.status, HEAD)
      res.end(BODY)
    },
  },
  {
    id: 'shallot',
    label: 'shallot/node, 10 layers, view answers `new Response(text)`',
    listener: stack(() => new Response(BODY, { headers: TEXT })),
  },
  {
    id: 'shallotText',
    label: 'shallot/node, 10 layers, view answers `text(…)`',
    listener: stack(() => text(BODY)),
  },
  {
    id: 'shallotNull',
    label: 'shallot/node, 10 layers, view answers `new Response(null)`',
    listener: stack(() => new Response(null, { headers: TEXT })),
  },
] as const

/** A response that says when the listener ended it (with no socket, nothing else does). */
class Probe extends ServerResponse {
  done: () => void = () => {}
  override end(...args: unknown[]): this {
    const result = (super.end as (...a: unknown[]) => this)(...args)
    this.done()
    return result
  }
}

const socket = new Socket()
const RAW = ['Host', '127.0.0.1:3000', 'User-Agent', 'autocannon', 'Accept', '*/*']

/** One exchange, resolved when the listener ends the response. */
function exchange(listener: Listener): Promise<void> {
  const req = new IncomingMessage(socket)
  req.method = 'GET'
  req.url = '/'
  req.rawHeaders = RAW
  req.headers = { host: '127.0.0.1:3000', 'user-agent': 'autocannon', accept: '*/*' }
  req.complete = true
  const res = new Probe(req)
  return new Promise((resolve) => {
    res.done = resolve
    listener(req, res)
  })
}

async function nsPerExchange(listener: Listener, count: number): Promise<number> {
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) await exchange(listener)
  return Number(process.hrtime.bigint() - start) / count
}

export interface ExchangeResult {
  readonly id: string
  readonly label: string
  readonly ns: number
}

export interface ProfileFrame {
  readonly frame: string
  readonly share: number
}

/** Self time by function, as shares of the profile's samples (idle left out). */
function topFrames(profile: Profiler.Profile, count: number): ProfileFrame[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const hits = new Map<string, number>()
  let total = 0
  for (const id of profile.samples ?? []) {
    const { functionName, url } = byId.get(id)!.callFrame
    if (functionName === '(idle)') continue
    const file = url.split('/').pop() ?? ''
    const frame = file ? `${functionName || '(anonymous)'} (${file})` : functionName
    hits.set(frame, (hits.get(frame) ?? 0) + 1)
    total++
  }
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, n]) => ({ frame, share: n / total }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const batch = 20_000
  for (const { listener } of EXCHANGES) await nsPerExchange(listener, batch)
  const samples = new Map<string, number[]>(EXCHANGES.map((e) => [e.id, []]))
  // Interleaved rounds: drift in the machine affects every listener alike.
  for (let round = 0; round < 7; round++) {
    for (const { id, listener } of EXCHANGES) {
      samples.get(id)!.push(await nsPerExchange(listener, batch))
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[values.length >> 1]!
  const results: ExchangeResult[] = EXCHANGES.map(({ id, label }) => ({
    id,
    label,
    ns: median(samples.get(id)!),
  }))
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  await nsPerExchange(EXCHANGES[2].listener, 5 * batch)
  const { profile } = await session.post('Profiler.stop')
  session.disconnect()
  process.stdout.write(
    `${JSON.stringify({ results, profile: topFrames(profile, 10) })}\n`,
  )
}
