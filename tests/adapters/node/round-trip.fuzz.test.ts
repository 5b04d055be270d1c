/**
 * Round trip through `serve()` (fast-check, `runs(50, 2_000)`): random requests sent
 * with `node:http` reach the handler with the same method, the URL `new URL` makes of
 * the target, the same headers (repeated ones combined as Fetch combines them, values
 * with bytes above 0x7f kept as latin1) and the same body bytes, whichever way the
 * handler reads it; random responses (status, status text, headers, several
 * Set-Cookie, string, bytes, stream or no body) come back out the same.
 *
 * HTTP's rules apply where they change things: HEAD, 204 and 304 answers carry no body
 * (RFC 9110, 9.3.2 and 15.3.5, 15.4.5; semantics.md ST8), the body of a string or
 * bytes keeps its `Content-Length` (on HEAD too), hop-by-hop fields the handler sets
 * (RFC 9110, 7.6.1) never reach the client, and the connection headers the client and
 * Node add (`Host`, `Connection`, `Keep-Alive`, `Date`, framing) are left out of the
 * comparison. One keep-alive client is reused, so a response framed wrongly breaks
 * the next one.
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serve, type NodeServer } from 'shallot/node'
import { runs, SOAK } from '../../support/runs.js'
import { quiet } from './support.js'

/** Full-size runs take a while on a loaded machine. */
const FUZZ_TIMEOUT = SOAK ? 600_000 : 20_000

/** Bytes from a seed, so that large bodies cost fast-check nothing to generate. */
function bytesOf({
  length,
  seed,
}: {
  length: number
  seed: number
}): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length)
  let x = seed | 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 255
  }
  return bytes
}

const seeded = (max: number) =>
  fc.record({ length: fc.integer({ min: 0, max }), seed: fc.integer() })

/** Mostly small bodies, sometimes several hundred KiB. */
const bodyBytes = fc.oneof(
  { weight: 6, arbitrary: seeded(100) },
  { weight: 1, arbitrary: seeded(300_000) },
)

const token = fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,12}$/)

/** Header names, often the same few (in several cases), so that some repeat. */
const headerName = (prefix: string) =>
  fc.oneof(
    fc.constantFrom(`${prefix}-a`, `${prefix}-b`, `${prefix.toUpperCase()}-A`),
    token.map((name) => `${prefix}-${name}`),
  )

/** A header value as bytes go on the wire: text, UTF-8 above ASCII seen as latin1. */
const headerValue = fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) =>
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  Buffer.from(text.replace(/[\u0000-\u001f\u007f]/g, ''), 'utf8')
    .toString('latin1')
    .trim(),
)

/** A path and query, percent-encoded where a client must, raw where it may. */
const segment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
  fc.stringMatching(/^[a-zA-Z0-9\-._~!$&'()*+,;=:@%]{0,8}$/).map((raw) =>
    // A lone `%` stays as it is in a URL; `%` before two hex digits is an escape.
    raw.replace(/%(?![0-9a-fA-F]{2})/g, '%25'),
  ),
  fc.constantFrom('.', '..', '%2e', '%2E%2e', ''),
)
const path = fc
  .tuple(
    fc.array(segment, { maxLength: 5 }),
    fc.option(
      fc
        .array(fc.tuple(segment, segment), { maxLength: 4 })
        .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&')),
    ),
  )
  .map(
    ([segments, query]) => `/${segments.join('/')}${query === null ? '' : `?${query}`}`,
  )

const requestSpec = fc.record({
  method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  path,
  headers: fc.array(fc.tuple(headerName('X'), headerValue), {
    maxLength: 6,
  }),
  cookie: fc.option(
    fc
      .array(fc.tuple(token, token), { minLength: 1, maxLength: 3 })
      .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('; ')),
  ),
  body: bodyBytes,
  chunks: fc.integer({ min: 0, max: 3 }),
  read: fc.constantFrom('arrayBuffer', 'bytes', 'stream', 'real', 'blob'),
})

const responseSpec = fc.record({
  status: fc.constantFrom(
    200,
    201,
    202,
    204,
    206,
    301,
    304,
    400,
    404,
    418,
    500,
    503,
    599,
  ),
  statusText: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,15}$/)),
  headers: fc.array(fc.tuple(headerName('x'), headerValue), {
    maxLength: 5,
  }),
  cookies: fc.array(
    fc
      .tuple(token, token, fc.boolean())
      .map(
        ([name, value, expires]) =>
          `${name}=${value}; Path=/${expires ? '; Expires=Wed, 21 Oct 2037 07:28:00 GMT' : ''}`,
      ),
    { maxLength: 3 },
  ),
  // Hop-by-hop fields, as a response passed through from fetch() has them.
  hop: fc.subarray<[string, string]>([
    ['keep-alive', 'timeout=9'],
    ['transfer-encoding', 'chunked'],
    ['connection', 'keep-alive'],
  ]),
  close: fc.boolean(),
  body: fc.oneof(
    fc.record({ kind: fc.constant('none' as const) }),
    fc.record({
      kind: fc.constant('string' as const),
      text: fc.string({ unit: 'grapheme' }),
    }),
    fc.record({ kind: fc.constant('bytes' as const), bytes: bodyBytes }),
    fc.record({
      kind: fc.constant('stream' as const),
      chunks: fc.array(fc.tuple(seeded(20_000), fc.boolean()), { maxLength: 5 }),
    }),
  ),
})

type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never
type ResponseSpec = typeof responseSpec extends fc.Arbitrary<infer T> ? T : never

/** A fresh `Response` for a spec (one for the handler, one for the expectations). */
function responseOf(spec: ResponseSpec): Response {
  const headers = new Headers()
  for (const [name, value] of spec.headers) headers.append(name, value)
  for (const cookie of spec.cookies) headers.append('set-cookie', cookie)
  for (const [name, value] of spec.hop) headers.append(name, value)
  if (spec.close) headers.set('connection', 'close')
  const init = { status: spec.status, statusText: spec.statusText ?? '', headers }
  const { body } = spec
  if (spec.status === 204 || spec.status === 304 || body.kind === 'none') {
    return new Response(null, init)
  }
  if (body.kind === 'string') return new Response(body.text, init)
  if (body.kind === 'bytes') return new Response(bytesOf(body.bytes), init)
  const chunks = [...body.chunks]
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = chunks.shift()
        if (next === undefined) return controller.close()
        const [bytes, later] = next
        if (later) await new Promise(setImmediate)
        controller.enqueue(bytesOf(bytes))
      },
    }),
    init,
  )
}

/** The body bytes a spec's response holds, as a GET would receive them. */
async function expectedBody(spec: ResponseSpec): Promise<Uint8Array> {
  const response = responseOf(spec)
  return new Uint8Array(await response.arrayBuffer())
}

/** What the handler saw of the request. */
interface Seen {
  method: string
  url: string
  headers: [string, string][]
  body: Uint8Array
}

async function read(request: Request, how: RequestSpec['read']): Promise<Uint8Array> {
  switch (how) {
    case 'arrayBuffer':
      return new Uint8Array(await request.arrayBuffer())
    case 'bytes':
      return request.bytes()
    case 'real':
      // A copy made by the global constructor reads the same stream.
      return new Uint8Array(await new Request(request).arrayBuffer())
    case 'blob':
      return new Uint8Array(await (await request.blob()).arrayBuffer())
    case 'stream': {
      if (request.body === null) return new Uint8Array(0)
      return new Uint8Array(await new Response(request.body).arrayBuffer())
    }
  }
}

/** The case being sent: set before each request, read by the handler. */
let current: { request: RequestSpec; response: ResponseSpec } | undefined
let seen: Seen | undefined

let server: NodeServer
let origin: string
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

beforeAll(async () => {
  server = serve(
    async (request) => {
      const { request: how, response } = current!
      seen = {
        method: request.method,
        url: request.url,
        headers: [...request.headers],
        body: await read(request, how.read),
      }
      return responseOf(response)
    },
    { port: 0, maxBodySize: Infinity, logger: quiet },
  )
  server.server.unref()
  origin = new URL((await server.ready).url).origin
})

afterAll(async () => {
  agent.destroy()
  await server.close(500)
})

/** What the client received. */
interface Received {
  status: number
  statusText: string
  rawHeaders: string[]
  body: Uint8Array
}

/** Sends a request as the spec says, with `node:http`; gives up after 10 s. */
function send(spec: RequestSpec): Promise<Received> {
  // node:http takes one spelling per name (its header names are case-insensitive):
  // the first one given, with every value as a line of its own.
  const headers: Record<string, string | string[]> = {}
  const spelling = new Map<string, string>()
  for (const [name, value] of spec.headers) {
    const key = spelling.get(name.toLowerCase()) ?? name
    spelling.set(name.toLowerCase(), key)
    headers[key] = [...((headers[key] as string[] | undefined) ?? []), value]
  }
  if (spec.cookie !== null) headers['Cookie'] = spec.cookie
  const body = hasBody(spec) ? bytesOf(spec.body) : undefined
  if (body !== undefined) {
    // Said explicitly: node:http sends a DELETE or OPTIONS body with no framing at all
    // unless told, and the server would read it as the next request.
    if (spec.chunks === 0) headers['Content-Length'] = String(body.byteLength)
    else headers['Transfer-Encoding'] = 'chunked'
  }
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin)
    // The path as given, not through `new URL`: the server sees the client's bytes.
    const options = { hostname, port, path: spec.path, method: spec.method }
    const request = httpRequest(
      { ...options, headers, agent, timeout: 10_000 },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            statusText: response.statusMessage!,
            rawHeaders: response.rawHeaders,
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
        )
      },
    )
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')))
    request.on('error', reject)
    if (body === undefined) return void request.end()
    // Several writes without a length: sent chunked.
    const step = Math.ceil(body.byteLength / Math.max(spec.chunks, 1))
    for (let at = 0; spec.chunks > 0 && at < body.byteLength; at += step) {
      request.write(body.subarray(at, at + step))
    }
    request.end(spec.chunks === 0 ? body : undefined)
  })
}

const hasBody = (spec: RequestSpec) => spec.method !== 'GET' && spec.method !== 'HEAD'

/** Headers the client or Node add, or that frame the message: not compared. */
const TRANSPORT = new Set([
  'host',
  'connection',
  'keep-alive',
  'date',
  'content-length',
  'transfer-encoding',
])

const sorted = (pairs: [string, string][]) =>
  pairs.filter(([name]) => !TRANSPORT.has(name)).sort(([a], [b]) => (a < b ? -1 : 1))

/** The headers the handler must see: repeated ones combined, as `Headers` does. */
function expectedRequestHeaders(spec: RequestSpec): [string, string][] {
  const headers = new Headers()
  for (const [name, value] of spec.headers) headers.append(name, value)
  if (spec.cookie !== null) headers.append('cookie', spec.cookie)
  return [...headers]
}

/** Raw header lines as `[lower-case name, value]`. */
const pairsOf = (raw: string[]): [string, string][] =>
  raw.flatMap((name, i) => (i % 2 === 0 ? [[name.toLowerCase(), raw[i + 1]!]] : []))

describe('round trip through serve()', () => {
  test(
    'requests arrive as sent; responses leave as made',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          requestSpec,
          responseSpec,
          async (requestCase, responseCase) => {
            current = { request: requestCase, response: responseCase }
            seen = undefined
            const received = await send(requestCase)

            // The request, as the handler saw it.
            expect(seen).toBeDefined()
            expect(seen!.method).toBe(requestCase.method)
            expect(seen!.url).toBe(new URL(origin + requestCase.path).href)
            expect(sorted(seen!.headers)).toEqual(
              sorted(expectedRequestHeaders(requestCase)),
            )
            const sent = hasBody(requestCase)
              ? bytesOf(requestCase.body)
              : new Uint8Array(0)
            expect(Buffer.compare(seen!.body, sent)).toBe(0)

            // The response, as the client received it.
            const made = responseOf(responseCase)
            expect(received.status).toBe(responseCase.status)
            if (made.statusText !== '')
              expect(received.statusText).toBe(made.statusText)
            const lines = pairsOf(received.rawHeaders)
            expect(sorted(lines)).toEqual(sorted([...made.headers]))
            expect(
              lines.filter(([name]) => name === 'set-cookie').map(([, v]) => v),
            ).toEqual(made.headers.getSetCookie())
            const full = await expectedBody(responseCase)
            const bodiless =
              requestCase.method === 'HEAD' ||
              responseCase.status === 204 ||
              responseCase.status === 304
            expect(
              Buffer.compare(received.body, bodiless ? new Uint8Array(0) : full),
            ).toBe(0)
            // A length, when sent, is the GET body's (on HEAD too); a string or bytes body
            // always has one. No chunked framing where there is no body.
            const length = lines.find(([name]) => name === 'content-length')?.[1]
            const noContent = responseCase.status === 204 || responseCase.status === 304
            const known =
              !noContent &&
              (responseCase.body.kind === 'string' ||
                responseCase.body.kind === 'bytes')
            if (known) expect(length).toBe(String(full.byteLength))
            if (length !== undefined && !noContent)
              expect(length).toBe(String(full.byteLength))
            if (bodiless) {
              expect(lines.some(([name]) => name === 'transfer-encoding')).toBe(false)
            }
            // The handler's hop-by-hop fields never reach the client: Node's own only.
            for (const field of ['connection', 'keep-alive', 'transfer-encoding']) {
              const count = lines.filter(([name]) => name === field).length
              expect(count).toBeLessThanOrEqual(1)
            }
            expect(lines).not.toContainEqual(['keep-alive', 'timeout=9'])
          },
        ),
        { numRuns: runs(50, 2_000) },
      )
    },
    FUZZ_TIMEOUT,
  )
})
