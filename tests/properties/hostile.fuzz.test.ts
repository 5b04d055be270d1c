/**
 * "The handler never rejects, and every adapter answers" (N2, D1; issue "Nothing kills
 * the server"): random stacks whose layers and view pass, answer, throw or return what
 * the other property tests draw, and also throw errors whose `stack`, `name` or
 * `message` getter throws, values `console` cannot print, circular errors and Proxies
 * whose `getPrototypeOf` trap throws, or return objects whose `status` or `render`
 * getter throws; under a good logger or one that throws, rejects, writes JSON lines or
 * renders like `console`. The handler resolves to one `Response`, the same one (status,
 * and in production body) as under a good logger; `toFetchHandler`, `toLambdaHandler`,
 * the streaming Lambda handler and a real Node server on 127.0.0.1 all answer, and
 * nothing is left unhandled. 200 random stacks in `npm test`, 5,000 in `npm run soak`.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toFetchHandler } from '../../adapters/fetch/index.js'
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type LambdaEvent,
  type LambdaResponseStream,
} from '../../adapters/aws-lambda/index.js'
import { serve, type NodeServer } from '../../adapters/node/index.js'
import {
  createHandler,
  type AnyMiddleware,
  type Handler,
  type Logger,
} from '../../src/index.js'
import {
  HOSTILE_LOGGERS,
  HOSTILE_RETURNED,
  HOSTILE_THROWN,
  hostileLogger,
  hostileReturned,
  hostileThrown,
  type HostileLogger,
  type HostileReturned,
  type HostileThrown,
} from '../support/hostile.js'
import { named, perform, recordingLogger } from '../support/index.js'
import { oneResponse } from '../support/one-response.js'
import { OUTCOMES, outcomeAction, SECRET, type Outcome } from '../support/outcomes.js'
import { runs } from '../support/runs.js'

const RUNS = runs(200, 5_000)

/** What a layer does before or after calling the inner layers, or what the view does. */
type Step =
  | { readonly kind: 'call' }
  | { readonly kind: 'outcome'; readonly outcome: Outcome }
  | { readonly kind: 'throws'; readonly value: HostileThrown }
  | { readonly kind: 'returns'; readonly value: HostileReturned }

const hostileStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('outcome' as const),
    outcome: fc.constantFrom(...OUTCOMES),
  }),
  fc.record({
    kind: fc.constant('throws' as const),
    value: fc.constantFrom(...HOSTILE_THROWN),
  }),
  fc.record({
    kind: fc.constant('returns' as const),
    value: fc.constantFrom(...HOSTILE_RETURNED),
  }),
)

const step = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'call' as const }) },
  { weight: 2, arbitrary: hostileStep },
)

interface LayerSpec {
  readonly before: Step
  readonly after: Step
}

const layerSpec: fc.Arbitrary<LayerSpec> = fc.record({ before: step, after: step })

const viewStep = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constant({ kind: 'outcome', outcome: 'respond' }),
  },
  { weight: 3, arbitrary: hostileStep },
)

const loggerKind = fc.constantFrom<'good' | HostileLogger>('good', ...HOSTILE_LOGGERS)

/** Runs a step that is not `call`: returns or throws what it says. */
function act(item: Exclude<Step, { kind: 'call' }>, origin: string): unknown {
  switch (item.kind) {
    case 'outcome':
      return perform(outcomeAction(item.outcome, origin, []))
    case 'throws':
      throw hostileThrown(item.value)
    case 'returns':
      return hostileReturned(item.value)
  }
}

function build(
  layers: readonly LayerSpec[],
  view: Step,
  logger: Logger,
  debug: boolean,
): Handler {
  const middleware: AnyMiddleware[] = layers.map((spec, index) =>
    named(`L${index}`, (getResponse: Handler) => async (request: Request) => {
      if (spec.before.kind !== 'call') return act(spec.before, `L${index}`) as Response
      const response = await getResponse(request)
      if (spec.after.kind === 'call') return response
      return act(spec.after, `L${index}.after`) as Response
    }),
  )
  return createHandler({
    middleware: middleware as [],
    view: () =>
      view.kind === 'call' ? new Response('view') : (act(view, 'view') as Response),
    logger,
    debug,
  })
}

/** A Function URL event for `GET /p`. */
const event = (): LambdaEvent => ({
  version: '2.0',
  rawPath: '/p',
  rawQueryString: '',
  headers: { host: 'app.example.com' },
  requestContext: { http: { method: 'GET' } },
  isBase64Encoded: false,
})

/** A response stream that keeps the prelude's status (the JSON before the NULs). */
function statusStream(): { stream: LambdaResponseStream; status: () => number } {
  const chunks: Uint8Array[] = []
  const stream: LambdaResponseStream = {
    write: (chunk) => chunks.push(chunk) > 0,
    end: (done) => done?.(),
    on: () => stream,
    once: () => stream,
    off: () => stream,
  }
  const status = () => {
    const all = Buffer.concat(chunks)
    const prelude = all.subarray(0, all.indexOf(Buffer.alloc(8))).toString()
    return (JSON.parse(prelude) as { statusCode: number }).statusCode
  }
  return { stream, status }
}

const isStatus = (status: number) =>
  Number.isInteger(status) && status >= 200 && status <= 599

/** One Node server for the whole property; each run sets the handler and logger. */
let current: { handler: Handler; logger: Logger } = {
  handler: async () => new Response('idle'),
  logger: recordingLogger(),
}
const forwarding: Logger = {
  debug: (message, ...details) => current.logger.debug(message, ...details),
  info: (message, ...details) => current.logger.info(message, ...details),
  warn: (message, ...details) => current.logger.warn(message, ...details),
  error: (message, ...details) => current.logger.error(message, ...details),
}
let server: NodeServer
let url: string

beforeAll(async () => {
  server = serve((request) => current.handler(request), { port: 0, logger: forwarding })
  server.server.unref()
  url = (await server.ready).url
})

afterAll(async () => {
  await server.close(500)
})

describe('hostile layers, views and loggers', () => {
  it('N2/D1 — the handler never rejects, and every adapter answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(layerSpec, { maxLength: 4 }),
        viewStep,
        loggerKind,
        fc.boolean(),
        async (layers, view, kind, debug) => {
          const make = () => (kind === 'good' ? recordingLogger() : hostileLogger(kind))
          const handler = build(layers, view, make(), debug)
          const request = () => new Request('http://app.example.com/p')

          const response = await oneResponse(() => handler(request()))
          const body = await response.text()
          if (!debug) expect(body).not.toContain(SECRET)

          // A failing logger never changes the answer.
          const good = await build(layers, view, recordingLogger(), debug)(request())
          expect(response.status).toBe(good.status)
          if (!debug) expect(body).toBe(await good.text())
          else await good.body?.cancel()

          const fetched = await oneResponse(() =>
            toFetchHandler(handler, { logger: make() }).fetch(request(), {}),
          )
          await fetched.body?.cancel()

          const buffered = await toLambdaHandler(handler, { logger: make() })(event())
          expect(isStatus(buffered.statusCode)).toBe(true)

          const { stream, status } = statusStream()
          await toStreamingLambdaHandler(handler, { logger: make() })(event(), stream)
          expect(isStatus(status())).toBe(true)

          current = { handler, logger: make() }
          const overHttp = await fetch(`${url}p`, {
            signal: AbortSignal.timeout(5_000),
          })
          expect(overHttp.status).toBe(response.status)
          await overHttp.body?.cancel()
        },
      ),
      { numRuns: RUNS },
    )
  })
})
