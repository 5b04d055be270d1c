/**
 * The migration comparison's cost: `compareStacks` on a 10-class stack over 1,000
 * recorded requests of mixed kinds (pass-through, short-circuits, errors in hooks and
 * views, 404s, POST bodies), timed over several runs in this process.
 *
 * @module
 */
import { performance } from 'node:perf_hooks'
import { compareStacks, type RecordedRequest } from '../adapters/migrate/index.js'
import { type HookClass } from '../adapters/legacy/index.js'
import { NotFound, type Resolved } from '../src/index.js'

/** A hook class whose hooks react to the request's path, so requests vary in outcome. */
function layerClass(index: number): HookClass {
  const name = `Layer${index}`
  return {
    [name]: class {
      processRequest(request: Request) {
        const path = new URL(request.url).pathname
        if (path === `/deny/${index}`) return new Response('denied', { status: 403 })
        if (path === `/raise/${index}`) throw new Error(`${name} refused`)
      }
      processView() {}
      processException(request: Request, error: unknown) {
        if (index === 2 && error instanceof RangeError) {
          return new Response('recovered', { status: 502 })
        }
      }
      processResponse(request: Request, response: Response) {
        response.headers.append('x-layers', String(index))
        return response
      }
    },
  }[name] as HookClass
}

const views: Record<string, Resolved['view']> = {
  '/': () => new Response('home'),
  '/echo': async (request) => new Response(await request.text()),
  '/range': () => {
    throw new RangeError('out of range')
  },
}

function requests(count: number): RecordedRequest[] {
  const paths = ['/', '/', '/', '/echo', '/range', '/missing', '/deny/4', '/raise/6']
  return Array.from({ length: count }, (_, i) => {
    const url = paths[i % paths.length]!
    return url === '/echo'
      ? { method: 'POST', url, body: `item ${i}` }
      : { url: `${url}${url === '/' ? `?page=${i}` : ''}` }
  })
}

export interface MigrationBench {
  readonly classes: number
  readonly requests: number
  readonly differing: number
  readonly runsMs: readonly number[]
  readonly medianMs: number
  readonly bestMs: number
}

/** Runs the comparison `runs` times (after one warm-up run) and returns the timings. */
export async function migrationBench(runs = 7): Promise<MigrationBench> {
  const middleware = Array.from({ length: 10 }, (_, i) => layerClass(i))
  const recorded = requests(1000)
  const options = {
    middleware,
    resolve: (request: Request) => {
      const view = views[new URL(request.url).pathname]
      if (view === undefined) throw new NotFound('no route')
      return { view }
    },
    requests: recorded,
  }
  let differing = (await compareStacks(options)).differing
  const runsMs: number[] = []
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    differing = (await compareStacks(options)).differing
    runsMs.push(performance.now() - start)
  }
  const sorted = [...runsMs].sort((a, b) => a - b)
  return {
    classes: middleware.length,
    requests: recorded.length,
    differing,
    runsMs,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    bestMs: sorted[0]!,
  }
}

/** The result as a markdown section, with the target (under one second). */
export function migrationMarkdown(result: MigrationBench): string {
  const verdict = result.medianMs < 1000 ? 'PASS' : 'FAIL'
  return [
    '## Migration comparison',
    '',
    `\`compareStacks\` on a ${result.classes}-class stack over ${result.requests} requests (both styles, bodies read): median ${result.medianMs.toFixed(0)} ms, best ${result.bestMs.toFixed(0)} ms over ${result.runsMs.length} runs; ${result.differing} requests answered differently.`,
    '',
    `- ${verdict} the comparison of 1,000 requests on 10 classes takes under a second: ${result.medianMs.toFixed(0)} ms`,
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(migrationMarkdown(await migrationBench()))
}
