/**
 * Round trip through `toFetchHandler`, as a property: a random request (method, URL
 * with an encoded path and query, repeated headers, an empty, text or binary body)
 * reaches every layer and the view of a `createHandler` stack as the very object the
 * runtime passed, unchanged; `fetchPlatform(request)` gives the `env` and `ctx` passed
 * with it (or the stand-in `ctx` when none was); a random response (status, repeated
 * headers, several Set-Cookie, an empty, text, binary or streamed body) comes out with
 * the same status, headers and bytes. Size: `runs(100, 5000)`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fetchPlatform,
  toFetchHandler,
  type ExecutionContextLike,
  type FetchPlatform,
} from '../../../adapters/fetch/index.js'
import { createHandler, type Middleware } from '../../../src/index.js'
import { fieldValue, token } from '../../support/http-arbitraries.js'
import { runs, SOAK } from '../../support/runs.js'

/** Full size takes longer than the default per-test timeout. */
const TIMEOUT = SOAK ? 15 * 60_000 : undefined

const anyText = fc.string({ unit: 'grapheme', maxLength: 8 })
const headerName = fc.oneof(fc.constantFrom('x-a', 'x-b', 'accept', 'cookie'), token)
const bytes = fc.uint8Array({ maxLength: 64 })
const NULL_BODY = [204, 205, 304]

const requestArb = fc
  .record({
    method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'PURGE'),
    origin: fc
      .tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.option(fc.nat(65535)))
      .map(
        ([scheme, host, port]) =>
          `${scheme}://${host}${port === null ? '' : `:${port}`}`,
      ),
    segments: fc.array(anyText, { maxLength: 4 }),
    query: fc.array(fc.tuple(anyText, anyText), { maxLength: 4 }),
    headers: fc.array(fc.tuple(headerName, fieldValue), { maxLength: 6 }),
    body: fc.option(fc.oneof(bytes, anyText)),
  })
  .map((model) => {
    const path = model.segments.map(encodeURIComponent).join('/')
    const query = new URLSearchParams(model.query.map(([k, v]) => [k, v])).toString()
    const url = `${model.origin}/${path}${query === '' ? '' : `?${query}`}`
    const headers = new Headers()
    for (const [name, value] of model.headers) headers.append(name, value)
    const body = model.method === 'GET' || model.method === 'HEAD' ? null : model.body
    return { url, method: model.method, headers, body }
  })

const responseArb = fc
  .record({
    status: fc.oneof(
      fc.constantFrom(200, 204, 304, 404),
      fc.integer({ min: 200, max: 599 }),
    ),
    headers: fc.array(fc.tuple(token, fieldValue), { maxLength: 6 }),
    cookies: fc.array(fieldValue, { maxLength: 4 }),
    body: fc.option(fc.oneof(bytes, anyText, fc.array(bytes, { maxLength: 4 }))),
  })
  .map((model) => ({
    ...model,
    headers: model.headers.filter(([name]) => name !== 'set-cookie'),
    body: NULL_BODY.includes(model.status) ? null : model.body,
  }))
type ResponseModel = typeof responseArb extends fc.Arbitrary<infer T> ? T : never

/** The response the model describes: a list of chunks is streamed. */
function responseFor(model: ResponseModel): Response {
  const headers = new Headers()
  for (const [name, value] of model.headers) headers.append(name, value)
  for (const cookie of model.cookies) headers.append('set-cookie', cookie)
  let body: BodyInit | null
  if (Array.isArray(model.body)) {
    const chunks = [...model.body]
    body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(next)
      },
    })
  } else body = model.body
  return new Response(body, { status: model.status, headers })
}

/** The bytes a body of the model has. */
function bytesOf(body: Uint8Array | string | Uint8Array[] | null): number[] {
  if (body === null) return []
  if (typeof body === 'string') return [...new TextEncoder().encode(body)]
  if (Array.isArray(body)) return body.flatMap((chunk) => [...chunk])
  return [...body]
}

const envArb = fc.oneof(
  fc.constant(undefined),
  fc.record({ NAME: fc.string() }),
  fc.constant({ remoteAddr: { hostname: '127.0.0.1', port: 1 } }),
)

describe('round trip through toFetchHandler', () => {
  it(
    'the runtime’s request in, the view’s response out, env and ctx reachable',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          requestArb,
          responseArb,
          envArb,
          fc.boolean(),
          async (model, answer, env, withCtx) => {
            const ctx: ExecutionContextLike | undefined = withCtx
              ? { waitUntil() {}, passThroughOnException() {} }
              : undefined
            const atLayer: (FetchPlatform | undefined)[] = []
            const layer: Middleware = (getResponse) => (request) => {
              atLayer.push(fetchPlatform(request))
              return getResponse(request)
            }
            let seen:
              | {
                  request: Request
                  platform: FetchPlatform | undefined
                  body: number[]
                }
              | undefined
            const handler = createHandler({
              // Error statuses are drawn at random: their log lines are not the subject.
              logger: { debug() {}, info() {}, warn() {}, error() {} },
              middleware: [layer],
              view: async (request) => {
                const body = [...new Uint8Array(await request.arrayBuffer())]
                seen = { request, platform: fetchPlatform(request), body }
                return responseFor(answer)
              },
            })
            const sent = new Request(model.url, {
              method: model.method,
              headers: model.headers,
              body: model.body,
            })
            const response = await toFetchHandler(handler).fetch(sent, env, ctx)

            // In: the same object, so the same method, URL, headers and body.
            expect(seen?.request).toBe(sent)
            const { request, platform, body } = seen!
            expect(request.method).toBe(model.method)
            expect(request.url).toBe(new URL(model.url).href)
            for (const [name, value] of model.headers) {
              expect(request.headers.get(name)).toBe(value)
            }
            expect(body).toEqual(bytesOf(model.body))
            // env and ctx, from the layer and the view alike.
            expect(atLayer).toEqual([platform])
            expect(platform?.runtime).toBe('fetch')
            expect(platform?.env).toBe(env)
            if (ctx !== undefined) expect(platform?.ctx).toBe(ctx)
            else expect(typeof platform?.ctx.waitUntil).toBe('function')

            // Out: status, headers, each Set-Cookie and the bytes.
            expect(response.status).toBe(answer.status)
            const joined = new Map<string, string[]>()
            for (const [name, value] of answer.headers) {
              joined.set(name, [...(joined.get(name) ?? []), value])
            }
            for (const [name, values] of joined) {
              expect(response.headers.get(name)).toBe(values.join(', '))
            }
            expect(response.headers.getSetCookie()).toEqual(answer.cookies)
            expect([...new Uint8Array(await response.arrayBuffer())]).toEqual(
              bytesOf(answer.body),
            )
          },
        ),
        { numRuns: runs(100, 5000) },
      )
    },
    TIMEOUT,
  )
})
