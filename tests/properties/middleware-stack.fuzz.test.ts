/**
 * "Every request gets exactly one response" with the built-in middleware (N2, N3, ST2):
 * random stacks of `shallot/middleware` layers with random valid options, mixed with
 * layers that pass, answer early, throw (Error or not) or return something else than
 * a response, around views that answer, stream, fail mid-stream, throw or answer late;
 * random requests (methods, paths, CORS and conditional headers, encodings, bodies).
 * The handler never rejects and resolves to one `Response`, whose body reads to its
 * end (or to the error of a body that was made to fail), and in production no body
 * or header shows a thrown message. 300 random stacks in `npm test`, 10,000 in
 * `npm run soak`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  type AnyMiddleware,
  type Handler,
  type View,
} from '../../src/index.js'
import {
  allowedHosts,
  bodyLimit,
  common,
  compress,
  conditionalGet,
  cors,
  requestId,
  securityHeaders,
  serverTiming,
  timed,
  timeout,
  timingReport,
} from '../../src/middleware/index.js'
import { named, perform, recordingLogger } from '../support/index.js'
import { oneResponse } from '../support/one-response.js'
import { OUTCOMES, outcomeAction, SECRET, type Outcome } from '../support/outcomes.js'
import { runs } from '../support/runs.js'

const RUNS = runs(300, 10_000)
const APP = 'https://app.example.com'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Fault = Outcome | 'call'

type Spec =
  | { readonly kind: 'securityHeaders'; readonly sslRedirect: boolean }
  | {
      readonly kind: 'cors'
      readonly origin: 'any' | 'list' | 'fn'
      readonly credentials: boolean
    }
  | {
      readonly kind: 'conditionalGet'
      readonly etag: 'strong' | 'weak' | false
      readonly max: number
    }
  | { readonly kind: 'compress'; readonly minSize: number }
  | { readonly kind: 'common'; readonly appendSlash: boolean }
  | { readonly kind: 'requestId' }
  | { readonly kind: 'serverTiming' }
  | { readonly kind: 'timingReport'; readonly fails: boolean }
  | { readonly kind: 'bodyLimit'; readonly maxBytes: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'allowedHosts'; readonly any: boolean }
  | {
      readonly kind: 'fault'
      readonly before: Fault
      readonly after: Fault
      readonly timed: boolean
    }

type ViewSpec =
  | { readonly kind: 'text'; readonly status: 200 | 404 | 500; readonly size: number }
  | { readonly kind: 'stream'; readonly chunks: number; readonly pause: boolean }
  | { readonly kind: 'failingStream' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'late' }
  | { readonly kind: 'outcome'; readonly outcome: Outcome }

interface RequestSpec {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'OPTIONS' | 'PUT'
  readonly slash: boolean
  readonly origin: 'none' | 'app' | 'other'
  readonly preflight: boolean
  readonly encoding: 'none' | 'gzip' | 'deflate' | 'br' | 'identity'
  readonly ifNoneMatch: 'none' | '*' | 'tag'
  readonly requestId: 'none' | 'good' | 'bad'
  readonly body: number
  readonly declared: boolean
  readonly http: boolean
}

const fault = fc.oneof(
  { weight: 4, arbitrary: fc.constant('call' as const) },
  fc.constantFrom(...OUTCOMES),
)

const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({
    kind: fc.constant('securityHeaders' as const),
    sslRedirect: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('cors' as const),
    origin: fc.constantFrom('any' as const, 'list' as const, 'fn' as const),
    credentials: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('conditionalGet' as const),
    etag: fc.constantFrom('strong' as const, 'weak' as const, false as const),
    max: fc.constantFrom(0, 8, 65_536),
  }),
  fc.record({
    kind: fc.constant('compress' as const),
    minSize: fc.constantFrom(0, 200),
  }),
  fc.record({ kind: fc.constant('common' as const), appendSlash: fc.boolean() }),
  fc.constant({ kind: 'requestId' as const }),
  fc.constant({ kind: 'serverTiming' as const }),
  fc.record({ kind: fc.constant('timingReport' as const), fails: fc.boolean() }),
  fc.record({
    kind: fc.constant('bodyLimit' as const),
    maxBytes: fc.constantFrom(0, 16, 1024),
  }),
  fc.constant({ kind: 'timeout' as const }),
  fc.record({ kind: fc.constant('allowedHosts' as const), any: fc.boolean() }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      before: fault,
      after: fault,
      timed: fc.boolean(),
    }),
  },
)

const viewSpec: fc.Arbitrary<ViewSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      status: fc.constantFrom(200 as const, 404 as const, 500 as const),
      size: fc.constantFrom(0, 5, 300, 70_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stream' as const),
      chunks: fc.integer({ min: 0, max: 4 }),
      pause: fc.boolean(),
    }),
  },
  fc.constant({ kind: 'failingStream' as const }),
  fc.constant({ kind: 'empty' as const }),
  { weight: 1, arbitrary: fc.constant({ kind: 'late' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('outcome' as const),
      outcome: fc.constantFrom(...OUTCOMES),
    }),
  },
)

const requestSpec: fc.Arbitrary<RequestSpec> = fc.record({
  method: fc.constantFrom(
    'GET' as const,
    'HEAD' as const,
    'POST' as const,
    'OPTIONS' as const,
    'PUT' as const,
  ),
  slash: fc.boolean(),
  origin: fc.constantFrom('none' as const, 'app' as const, 'other' as const),
  preflight: fc.boolean(),
  encoding: fc.constantFrom(
    'none' as const,
    'gzip' as const,
    'deflate' as const,
    'br' as const,
    'identity' as const,
  ),
  ifNoneMatch: fc.constantFrom('none' as const, '*' as const, 'tag' as const),
  requestId: fc.constantFrom('none' as const, 'good' as const, 'bad' as const),
  body: fc.constantFrom(0, 4, 100),
  declared: fc.boolean(),
  http: fc.boolean(),
})

/** Throws an error carrying the secret: for callbacks given to the built-in layers. */
const fail = (where: string) => (): never => {
  throw new Error(`${SECRET} ${where}`)
}

/** A layer that does `before` instead of calling the inner layers, or `after` after. */
function faultLayer(name: string, before: Fault, after: Fault): AnyMiddleware {
  return named(name, (getResponse: Handler) => async (request: Request) => {
    if (before !== 'call') return perform(outcomeAction(before, name, [])) as Response
    const response = await getResponse(request)
    if (after === 'call') return response
    await response.body?.cancel().catch(() => {})
    return perform(outcomeAction(after, name, [])) as Response
  })
}

function middlewareOf(item: Spec, index: number): AnyMiddleware {
  switch (item.kind) {
    case 'securityHeaders':
      return securityHeaders({ sslRedirect: item.sslRedirect, hstsSeconds: 60 })
    case 'cors':
      return cors({
        origin:
          item.origin === 'any'
            ? '*'
            : item.origin === 'list'
              ? [APP]
              : (origin) => {
                  if (origin.includes('other')) fail('cors origin')()
                  return origin === APP
                },
        // '*' with credentials fails the build (it would let every site read).
        credentials: item.credentials && item.origin !== 'any',
        exposeHeaders: ['x-request-id'],
        maxAge: 60,
      })
    case 'conditionalGet':
      return conditionalGet({ etag: item.etag, maxBodyBytes: item.max })
    case 'compress':
      return compress({ minSize: item.minSize })
    case 'common':
      return common({ appendSlash: item.appendSlash })
    case 'requestId':
      return requestId()
    case 'serverTiming':
      return serverTiming()
    case 'timingReport':
      return timingReport(item.fails ? fail('timingReport') : () => {})
    case 'bodyLimit':
      return bodyLimit(item.maxBytes)
    case 'timeout':
      return timeout(5)
    case 'allowedHosts':
      return allowedHosts(item.any ? ['*'] : ['app.example.com'])
    case 'fault': {
      const layer = faultLayer(`L${index}`, item.before, item.after)
      return item.timed ? timed(`t${index}`, layer) : layer
    }
  }
}

function chunked(
  count: number,
  pause: boolean,
  failAt?: number,
): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pause) await sleep(0)
      if (index === failAt) return controller.error(new Error(`${SECRET} mid-stream`))
      if (index === count) return controller.close()
      controller.enqueue(new TextEncoder().encode(`chunk ${index++} `.repeat(20)))
    },
  })
}

function viewOf(item: ViewSpec): View {
  return function view() {
    switch (item.kind) {
      case 'text':
        return new Response('x'.repeat(item.size), {
          status: item.status,
          headers: { 'content-type': 'text/plain' },
        })
      case 'stream':
        return new Response(chunked(item.chunks, item.pause))
      case 'failingStream':
        return new Response(chunked(3, false, 1))
      case 'empty':
        return new Response(null)
      case 'late':
        return sleep(20).then(() => new Response('late'))
      case 'outcome':
        return perform(outcomeAction(item.outcome, 'view', [])) as Response
    }
  }
}

function requestOf(item: RequestSpec): Request {
  const headers = new Headers()
  if (item.origin !== 'none') {
    headers.set('origin', item.origin === 'app' ? APP : 'https://other.example')
  }
  if (item.preflight) headers.set('access-control-request-method', 'PUT')
  if (item.encoding !== 'none') headers.set('accept-encoding', item.encoding)
  if (item.ifNoneMatch !== 'none') {
    headers.set('if-none-match', item.ifNoneMatch === '*' ? '*' : '"some-tag"')
  }
  if (item.requestId !== 'none') {
    headers.set('x-request-id', item.requestId === 'good' ? 'edge-42' : '<bad id>')
  }
  const withBody = item.method === 'POST' || item.method === 'PUT'
  if (withBody && item.declared) headers.set('content-length', String(item.body))
  const url = `${item.http ? 'http' : 'https'}://app.example.com/page${item.slash ? '/' : ''}`
  return new Request(url, {
    method: item.method,
    headers,
    ...(withBody ? { body: 'b'.repeat(item.body) } : {}),
  })
}

/** Reads a body to its end; the failure, if reading it fails. */
async function drain(response: Response): Promise<{ text: string; failure?: unknown }> {
  if (response.body === null) return { text: '' }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
    }
  } catch (failure) {
    return { text: '', failure }
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)) }
}

describe('every request gets exactly one response, through the built-in middleware', () => {
  it('N2/N3/ST2 — never rejects, one Response, a readable body, no secret in production', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { maxLength: 6 }),
        viewSpec,
        requestSpec,
        fc.boolean(),
        async (stack, view, request, debug) => {
          const handler = createHandler({
            middleware: stack.map(middlewareOf),
            view: viewOf(view),
            logger: recordingLogger(),
            debug,
          })
          const response = await oneResponse(() => handler(requestOf(request)))
          const { text, failure } = await drain(response)
          if (failure !== undefined) {
            // Only a body made to fail may fail, and only with its own error.
            expect(view.kind).toBe('failingStream')
            // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever was thrown, as text
            expect(String(failure)).toContain('mid-stream')
          }
          if (!debug) {
            expect(text).not.toContain(SECRET)
            for (const [, value] of response.headers)
              expect(value).not.toContain(SECRET)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
