/**
 * Round trip through `toLambdaHandler`, as a property: a random request, expressed as
 * each integration's event (REST v1, HTTP API, Function URL, ALB without and with
 * multi-value headers), reaches the view with the same method, URL, headers, cookies
 * and body bytes; a random response (status, repeated headers, several Set-Cookie,
 * empty, text or binary body) comes back in that integration's result shape and reads
 * back to the same values. A Function URL event also goes through the streaming
 * handler. Size: `runs(100, 5000)` request and response pairs, each in all five shapes.
 *
 * The integrations encode differently (docs/reference/aws-lambda.md, "How an event
 * becomes a request"): an HTTP API delivers `rawPath` decoded, the others encoded; a
 * REST API delivers query parameters decoded, ALB as the client sent them; payload 2.0
 * joins a repeated header with `,`, REST and ALB multi-value list every value, ALB
 * without multi-value headers keeps only the last. The expectations follow those
 * rules. What cannot survive is kept out of the generated requests: `.` and `..`
 * segments (the URL parser resolves them, also after an HTTP API decoded `.%2F` into
 * `./`), and, because a decoded HTTP API path cannot tell `%41` from `A`, a `%`
 * followed by two hex digits. For the same reason an HTTP API path is compared decoded,
 * as a whole: `%2F` and `/` are the same to it.
 */
import fc from 'fast-check'
import {
  lambdaPlatform,
  toLambdaHandler,
  toStreamingLambdaHandler,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fieldValue, token } from '../../support/http-arbitraries.js'
import { runs, SOAK } from '../../support/runs.js'
import { memoryStream } from './doubles.js'
import {
  decodedPath,
  encodedPath,
  fromResult,
  grouped,
  rawQuery,
  SHAPES,
  toEvent,
  type RequestModel,
  type ResponseModel,
  type Shape,
} from './shapes.js'

/** Full size takes longer than the default per-test timeout. */
const TIMEOUT = SOAK ? 15 * 60_000 : undefined

/** Characters URLs give a meaning to, or that need escaping: common, not rare. */
const special = fc.constantFrom(
  '?',
  '#',
  '%',
  '%4',
  '&',
  '=',
  '+',
  ';',
  '/',
  '\\',
  ' ',
  '\t',
  "'",
  '"',
  '<',
  '|',
  '^',
  '`',
  '{',
  '[',
  ']',
  '@',
  ':',
  '.',
  '~',
  'é',
  '€',
  '😀',
  'a',
  'Z',
  '0',
)
/** Any text: random graphemes, or URL-special characters. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: special, maxLength: 6 }),
)
/**
 * A path segment: no `.` or `..` (resolved by URL parsing), not even once an HTTP API
 * has decoded a `%2F` in it into a slash, and no `%XX` (see above).
 */
const segment = anyText.filter(
  (s) =>
    !s.split('/').some((part) => part === '.' || part === '..') &&
    !/%[0-9A-Fa-f]{2}/.test(s),
)
const cookieOctets = fc.stringMatching(/^[!#-+\--:<-[\]-~]{0,10}$/)
const cookie = fc.tuple(token, cookieOctets).map(([n, v]) => `${n}=${v}`)

/** Header names from a small pool, so that repeats are common. */
const headerName = fc.constantFrom(
  'x-a',
  'x-b',
  'x-trace-id',
  'accept',
  'x-custom-name',
)
const bytes = fc.uint8Array({ maxLength: 64 })
const utf8Bytes = fc
  .string({ unit: 'grapheme', maxLength: 32 })
  .map((t) => new TextEncoder().encode(t))

const requestModel: fc.Arbitrary<RequestModel> = fc
  .record({
    method: fc.constantFrom(
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
      'PURGE',
    ),
    scheme: fc.constantFrom('http' as const, 'https' as const),
    host: fc
      .tuple(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 })))
      .map(([domain, port]) => (port === null ? domain : `${domain}:${port}`)),
    segments: fc.array(segment, { maxLength: 4 }),
    plus: fc.boolean(),
    query: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('a', 'b'),
          anyText.filter((k) => k !== ''),
        ),
        anyText,
      ),
      {
        maxLength: 5,
      },
    ),
    headers: fc.array(fc.tuple(headerName, fieldValue), { maxLength: 6 }),
    cookies: fc.array(cookie, { maxLength: 3 }),
    body: fc.option(
      fc.oneof(
        fc.record({ bytes, base64: fc.constant(true) }),
        fc.record({ bytes: utf8Bytes, base64: fc.boolean() }),
      ),
    ),
  })
  .map((model) =>
    model.method === 'GET' || model.method === 'HEAD'
      ? { ...model, body: null }
      : model,
  )

/** Statuses `Response` accepts; 204, 205 and 304 cannot have a body. */
const NULL_BODY = [204, 205, 304]
const responseModel: fc.Arbitrary<ResponseModel> = fc
  .record({
    status: fc.oneof(
      fc.constantFrom(200, 201, 204, 205, 304, 404, 500),
      fc.integer({ min: 200, max: 599 }),
    ),
    headers: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'content-type',
            'cache-control',
            'vary',
            'x-a',
            '__proto__',
            'constructor',
          ),
          token,
        ),
        fieldValue,
      ),
      { maxLength: 6 },
    ),
    cookies: fc.array(
      fc.oneof(
        cookie,
        // A comma inside one cookie must not split it (RFC 6265 §4.1: one per field).
        cookie.map((c) => `${c}; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/`),
      ),
      { maxLength: 4 },
    ),
    body: fc.option(fc.oneof(bytes, utf8Bytes)),
  })
  .map((model) => ({
    ...model,
    headers: model.headers.filter(([name]) => name !== 'set-cookie'),
    body: NULL_BODY.includes(model.status) ? null : model.body,
  }))

function responseFor(model: ResponseModel): Response {
  const headers = new Headers()
  for (const [name, value] of model.headers) headers.append(name, value)
  for (const value of model.cookies) headers.append('set-cookie', value)
  return new Response(model.body, { status: model.status, headers })
}

/** The view's record of a request. */
interface Seen {
  readonly request: Request
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body: Uint8Array
}

/** Expected `request.headers`, as a record: each integration's way with repeats. */
function expectedHeaders(shape: Shape, model: RequestModel): Record<string, string> {
  const pairs: [string, string][] = [
    ['host', model.host],
    ['x-forwarded-proto', model.scheme],
    ...model.headers.map(([n, v]): [string, string] => [n, v]),
  ]
  const join = shape === 'http-api' || shape === 'function-url' ? ',' : ', '
  const out: Record<string, string> = {}
  for (const [name, values] of grouped(pairs)) {
    out[name] = shape === 'alb' ? values.at(-1)! : values.join(join)
  }
  if (model.cookies.length > 0) out['cookie'] = model.cookies.join('; ')
  return out
}

/** Expected query parameters, by name: ALB without multi-value keeps the last. */
function expectedQuery(shape: Shape, model: RequestModel): Map<string, string[]> {
  const map = grouped(model.query)
  if (shape === 'alb') for (const [name, values] of map) map.set(name, [values.at(-1)!])
  return map
}

function checkRequest(shape: Shape, model: RequestModel, seen: Seen) {
  const { url } = seen
  expect(seen.request.method).toBe(model.method)
  expect(url.origin).toBe(new URL(`${model.scheme}://${model.host}`).origin)
  if (shape === 'http-api') {
    // Decoded on arrival: only the decoded string can be compared.
    expect(decodeURIComponent(url.pathname)).toBe(decodedPath(model))
  } else {
    expect(url.pathname).toBe(encodedPath(model))
    expect(url.pathname.split('/').slice(1).map(decodeURIComponent)).toEqual(
      model.segments.length === 0 ? [''] : model.segments,
    )
  }
  if (shape === 'http-api' || shape === 'function-url') {
    // rawQueryString: as the client sent it, order and all (the URL parser's own
    // escapes, such as `'` to `%27`, aside).
    const sent = model.query.length === 0 ? '' : `?${rawQuery(model)}`
    expect(url.search).toBe(new URL(sent, 'https://client.example').search)
  }
  const query = new Map<string, string[]>()
  for (const name of url.searchParams.keys())
    query.set(name, url.searchParams.getAll(name))
  expect(query).toEqual(expectedQuery(shape, model))
  expect(url.hash).toBe('')
  expect(seen.headers).toEqual(expectedHeaders(shape, model))
  expect([...seen.body]).toEqual([...(model.body?.bytes ?? [])])
  if (model.body === null || model.body.bytes.length === 0) {
    expect(seen.request.body).toBeNull()
  }
}

function checkResult(
  request: RequestModel,
  response: ResponseModel,
  decoded: ReturnType<typeof fromResult>,
) {
  expect(decoded.status).toBe(response.status)
  const headers: Record<string, string> = {}
  for (const [name, values] of grouped(response.headers)) {
    Object.defineProperty(headers, name, { value: values.join(', '), enumerable: true })
  }
  expect(decoded.headers).toEqual(headers)
  expect(Object.keys(decoded.headers).sort()).toEqual(Object.keys(headers).sort())
  expect(decoded.cookies).toEqual(response.cookies)
  const bodyless = request.method === 'HEAD' || response.body === null
  expect([...decoded.body]).toEqual(bodyless ? [] : [...response.body])
}

/** A view that records what it saw and answers `answer`. */
function recordingView(answer: ResponseModel) {
  const seen: Seen[] = []
  const view = async (request: Request) => {
    seen.push({
      request,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body: new Uint8Array(await request.arrayBuffer()),
    })
    return responseFor(answer)
  }
  return { seen, view }
}

const quiet = { warn() {}, error() {} }

describe('round trip through toLambdaHandler, every integration', () => {
  it(
    'a request arrives as sent; a response goes back in the event’s shape',
    async () => {
      await fc.assert(
        fc.asyncProperty(requestModel, responseModel, async (request, response) => {
          for (const shape of SHAPES) {
            const event = toEvent(shape, request)
            const { seen, view } = recordingView(response)
            const result = await toLambdaHandler(
              async (r) => {
                expect(lambdaPlatform(r)?.event).toBe(event)
                return view(r)
              },
              { logger: quiet },
            )(event)
            expect(seen).toHaveLength(1)
            checkRequest(shape, request, seen[0]!)
            checkResult(request, response, fromResult(shape, result))
          }
        }),
        { numRuns: runs(100, 5000) },
      )
    },
    TIMEOUT,
  )

  it(
    'a Function URL event through the streaming handler: the same bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(requestModel, responseModel, async (request, response) => {
          const { seen, view } = recordingView(response)
          const { stream, read } = memoryStream()
          await toStreamingLambdaHandler(view, { logger: quiet })(
            toEvent('function-url', request),
            stream,
          )
          checkRequest('function-url', request, seen[0]!)
          const { prelude, body } = read()
          checkResult(request, response, {
            status: prelude.statusCode,
            headers: prelude.headers,
            cookies: prelude.cookies,
            body: new Uint8Array(body),
          })
        }),
        { numRuns: runs(100, 5000) },
      )
    },
    TIMEOUT,
  )
})
