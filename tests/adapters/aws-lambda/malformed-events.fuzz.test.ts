/**
 * Malformed-event fuzzer for both Lambda handlers. Every real request fixture (REST v1,
 * HTTP API v2, ALB with and without multi-value headers, Function URL) is mutated:
 * fields deleted or given values of the wrong type, bodies marked base64 that are not,
 * very many and very long headers, broken percent-encoding in paths and queries, CR, LF
 * and NUL in header names and values, cookies that are not strings, and own
 * `__proto__` / `constructor` / `prototype` keys (as `JSON.parse` makes them).
 *
 * Whatever the event, the handler's promise resolves (never throws, never rejects) to
 * either the view's answer or a 400 whose body is `400 Bad Request` and nothing else,
 * with one warning that gives one of the documented reasons; nothing is logged as an
 * error; the view only ever sees a valid `Request`; and `Object.prototype` is
 * unchanged afterwards. Size: `runs(1000, 10000)` events buffered, `runs(200, 2000)`
 * streamed.
 */
import fc from 'fast-check'
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { runs, SOAK } from '../../support/runs.js'
import { lambdaLogger, memoryStream } from './doubles.js'
import { allFixtures, fixture } from './fixture-events.js'

/** Full size takes longer than the default per-test timeout. */
const TIMEOUT = SOAK ? 15 * 60_000 : undefined

type Path = readonly string[]
type Mutable = Record<string, unknown>

const names = allFixtures().filter((name) => !name.includes('response'))
const events = names.map((name) => fixture<Mutable>(name))

/** Every path into `value`, to `depth` levels: the places a mutation may hit. */
function pathsOf(value: unknown, depth: number, at: Path = []): Path[] {
  if (depth === 0 || typeof value !== 'object' || value === null) return []
  return Object.keys(value).flatMap((key) => {
    const path = [...at, key]
    return [path, ...pathsOf((value as Mutable)[key], depth - 1, path)]
  })
}
const paths = events.map((event) => pathsOf(event, 4))
/** Where a prototype key can go: the event, and every object in it. */
const objectPaths = events.map((event, i) => [
  [],
  ...paths[i]!.filter((path) => isPlainObject(get(event, path))),
])

function isPlainObject(value: unknown): value is Mutable {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function get(root: unknown, path: Path): unknown {
  let value = root
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = Object.getOwnPropertyDescriptor(value, key)?.value
  }
  return value
}

/** Sets an own property, as `JSON.parse` would, even for `__proto__`. */
function define(target: object, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** Applies `change` to the object holding the end of `path`, when there is one. */
function atParent(
  root: Mutable,
  path: Path,
  change: (parent: Mutable, key: string) => void,
) {
  const parent = get(root, path.slice(0, -1))
  if (typeof parent === 'object' && parent !== null)
    change(parent as Mutable, path.at(-1)!)
}

/** Pieces of paths and queries that percent-decoding or URL parsing trips over. */
const brokenPercent = fc
  .array(
    fc.constantFrom(
      '%',
      '%z',
      '%G0',
      '%0',
      '%%',
      '%%41',
      '%E2%82',
      '%ED%A0%80',
      '%C0%AF',
      '%FF',
      '%00',
      '%2F',
      '%2e%2e',
      '%25',
      '\uD800',
      '\uDC00',
      '?',
      '#',
      '\\',
      ' ',
      '\0',
      '\r\n',
      '/',
      '..',
      '&',
      '=',
      '+',
      'a',
      'é',
      '😀',
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))

/** Text with control characters that HTTP forbids in field names and values. */
const controlText = fc
  .array(
    fc.constantFrom(
      '\r',
      '\n',
      '\0',
      '\r\n',
      'a',
      'b',
      ' ',
      '\t',
      ':',
      '\u0100',
      '\uD800',
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''))

/** Values of every JSON type and then some: what a field of the wrong type holds. */
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 8 }),
  fc.constant(''),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 3,
  }),
)

/** Strings `atob` refuses, or (for a few) accepts: the result must be right either way. */
const notBase64 = fc.oneof(
  fc.constantFrom(
    'a',
    'abcde',
    '=abc',
    'ab=c',
    'a===',
    '***',
    '%%%',
    '-_-_',
    'é',
    '😀',
  ),
  fc.string({ minLength: 1, maxLength: 20 }).map((text) => `${text}!`),
)

const protoValue = fc.constantFrom<unknown>(
  { polluted: 'yes' },
  { prototype: { polluted: 'yes' } },
  { constructor: { prototype: { polluted: 'yes' } } },
  'polluted',
  ['polluted'],
  null,
)

type Mutation = (event: Mutable, i: number) => void

const isV2 = (event: Mutable) => event['version'] === '2.0' || 'rawPath' in event
const HEADER_MAPS = ['headers', 'multiValueHeaders'] as const
const QUERY_MAPS = ['queryStringParameters', 'multiValueQueryStringParameters'] as const

/** Puts `name: value` in each header map the event has (a list in the multi one). */
function addHeader(event: Mutable, name: string, value: string) {
  let added = false
  for (const map of HEADER_MAPS) {
    const target = event[map]
    if (!isPlainObject(target)) continue
    define(target, name, map === 'multiValueHeaders' ? [value] : value)
    added = true
  }
  if (!added) event['headers'] = { [name]: value }
}

/** Makes the event's method one that may carry a body. */
function post(event: Mutable) {
  const context = event['requestContext']
  if (isV2(event) && isPlainObject(context) && isPlainObject(context['http'])) {
    context['http'] = { ...context['http'], method: 'POST' }
  } else {
    event['httpMethod'] = 'POST'
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map<Mutation>((n) => (event, i) => {
    atParent(
      event,
      paths[i]![n % paths[i]!.length]!,
      (parent, key) => delete parent[key],
    )
  }),
  fc.tuple(fc.nat(), wrongValue).map<Mutation>(([n, value]) => (event, i) => {
    atParent(event, paths[i]![n % paths[i]!.length]!, (parent, key) =>
      define(parent, key, value),
    )
  }),
  fc.tuple(notBase64, fc.boolean()).map<Mutation>(([body, withBody]) => (event) => {
    if (withBody) post(event)
    event['body'] = body
    event['isBase64Encoded'] = true
  }),
  fc
    .oneof(
      fc.record({
        count: fc.integer({ min: 1, max: 2000 }),
        length: fc.integer({ min: 1, max: 64 }),
      }),
      fc.record({
        count: fc.integer({ min: 1, max: 8 }),
        length: fc.integer({ min: 1, max: 100_000 }),
      }),
    )
    .map<Mutation>(({ count, length }) => (event) => {
      const value = 'v'.repeat(length)
      for (let n = 0; n < count; n++) addHeader(event, `x-fuzz-${n}`, value)
    }),
  fc
    .tuple(
      fc.constantFrom('path', 'query-string', 'query-key', 'query-value'),
      brokenPercent,
    )
    .map<Mutation>(([where, text]) => (event) => {
      if (where === 'path') {
        if (isV2(event)) event['rawPath'] = text
        else event['path'] = text
      } else if (where === 'query-string') {
        event['rawQueryString'] = text
      } else {
        const [key, value] = where === 'query-key' ? [text, 'v'] : ['k', text]
        for (const map of QUERY_MAPS) {
          const target = isPlainObject(event[map]) ? event[map] : (event[map] = {})
          define(target, key, map.startsWith('multi') ? [value] : value)
        }
      }
    }),
  fc.tuple(fc.boolean(), controlText).map<Mutation>(([inName, text]) => (event) => {
    addHeader(event, inName ? `x-${text}` : 'x-control', inName ? 'v' : `v${text}v`)
  }),
  fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 8 }),
        controlText,
        fc.integer(),
        fc.constant(null),
        fc.boolean(),
        fc.constant({ name: 'a' }),
        fc.constant(['a=1']),
      ),
      { maxLength: 4 },
    )
    .map<Mutation>((cookies) => (event) => {
      event['cookies'] = cookies
    }),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      protoValue,
    )
    .map<Mutation>(([n, key, value]) => (event, i) => {
      const where = get(event, objectPaths[i]![n % objectPaths[i]!.length]!)
      if (typeof where === 'object' && where !== null) define(where, key, value)
    }),
)

/** A fixture, copied, with one to four mutations applied. */
const mutatedEvent = fc
  .tuple(
    fc.nat({ max: events.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
  )
  .map(([i, changes]) => {
    const event = structuredClone(events[i]!)
    for (const change of changes) change(event, i)
    return { name: names[i]!, event: event as unknown as LambdaEvent }
  })

const KINDS = [
  'API Gateway REST \\(payload 1\\.0\\)',
  'payload 2\\.0 \\(HTTP API or Function URL\\)',
  'ALB',
  'ALB \\(multi-value headers\\)',
].join('|')

/** Every reason the adapter documents for a 400, as the warning gives it. */
const REASONS = [
  /^Unrecognised Lambda event: not an API Gateway REST, HTTP API, ALB or Function URL event\. Answered 400\.$/,
  ...[
    '\\w+ is not an object',
    '\\w+\\..* is not a string',
    '\\w+\\..* is not an array',
    '\\w+\\..* holds a non-string',
    'header ".*" is not a valid HTTP header',
    'cookies is not an array of strings',
    'cookies holds a value that is not valid in an HTTP header',
    'query parameter ".*" is not well-formed Unicode',
    'rawQueryString is not a string',
    'no HTTP method',
    'no path',
    'body is not a string',
    'body is marked base64 but is not',
    'Request refused it: .*',
  ].map(
    (reason) =>
      new RegExp(`^Malformed (?:${KINDS}) event: ${reason}\\. Answered 400\\.$`, 's'),
  ),
]

/** Which of REASONS `warning` is, or -1. */
const reasonOf = (warning: string) =>
  REASONS.findIndex((reason) => reason.test(warning))

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** A view that checks the request it gets is a valid one, reads it, and answers. */
function checkingView() {
  const problems: string[] = []
  const methods: string[] = []
  const view = async (request: Request) => {
    const problem = (what: string) =>
      problems.push(`${what}: ${request.method} ${request.url}`)
    if (!(request instanceof Request)) problem('not a Request')
    const url = new URL(request.url)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problem('scheme')
    if (url.hostname === '' || url.username !== '' || url.password !== '')
      problem('authority')
    if (url.hash !== '') problem('a fragment')
    if (!TOKEN.test(request.method)) problem('method is not a token')
    if (['CONNECT', 'TRACE', 'TRACK'].includes(request.method))
      problem('forbidden method')
    if (['GET', 'HEAD'].includes(request.method) && request.body !== null)
      problem('GET body')
    for (const [name, value] of request.headers) {
      if (!TOKEN.test(name) || /[\0\r\n]/.test(value)) problem(`header ${name}`)
    }
    await request.arrayBuffer()
    methods.push(request.method)
    return new Response('handled', {
      headers: { 'content-type': 'text/plain', 'set-cookie': 'fuzz=1' },
    })
  }
  return { view, problems, methods }
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort()

function expectNoPollution() {
  expect(({} as Mutable)['polluted']).toBeUndefined()
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames)
  expect((Object.prototype as Mutable)['prototype']).toBeUndefined()
}

afterEach(expectNoPollution)

describe('malformed events: the buffered handler', () => {
  it(
    'resolves to the view’s answer or a bare 400, whatever the event',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedEvent, async ({ event }) => {
          const { view, problems, methods } = checkingView()
          const { warnings, errors, logger } = lambdaLogger()
          const result = await toLambdaHandler(view, { logger })(event)

          expect(problems).toEqual([])
          expect(errors).toEqual([])
          expect(JSON.parse(JSON.stringify(result))).toEqual(result)
          if (methods.length === 1) {
            expect(result.statusCode).toBe(200)
            expect(result.body).toBe(methods[0] === 'HEAD' ? '' : 'handled')
            expect(headerPairs(result)).toEqual([
              ['content-type', 'text/plain'],
              ['set-cookie', 'fuzz=1'],
            ])
            expect(warnings).toEqual([])
          } else {
            expect(methods).toEqual([])
            expect(result.statusCode).toBe(400)
            expect(result.body).toBe('400 Bad Request\n')
            expect(result.isBase64Encoded).toBe(false)
            expect(headerPairs(result)).toEqual([
              ['content-type', 'text/plain; charset=utf-8'],
            ])
            expect(warnings).toHaveLength(1)
            expect(reasonOf(warnings[0]!)).toBeGreaterThanOrEqual(0)
          }
          expectNoPollution()
        }),
        { numRuns: runs(1000, 10_000) },
      )
    },
    TIMEOUT,
  )
})

/** Every header of a result of any shape, as sorted `[name, value]` pairs. */
function headerPairs(result: object): [string, string][] {
  const {
    headers = {},
    multiValueHeaders = {},
    cookies = [],
  } = result as {
    headers?: Record<string, string>
    multiValueHeaders?: Record<string, string[]>
    cookies?: string[]
  }
  const pairs: [string, string][] = [
    ...Object.entries(headers).map(([name, value]): [string, string] => [name, value]),
    ...Object.entries(multiValueHeaders).flatMap(([name, values]) =>
      values.map((value): [string, string] => [name, value]),
    ),
    ...cookies.map((cookie): [string, string] => ['set-cookie', cookie]),
  ]
  return pairs
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .sort()
}

describe('malformed events: the streaming handler (a sample)', () => {
  it(
    'resolves after a prelude for the view’s answer or a bare 400',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedEvent, async ({ event }) => {
          const { view, problems, methods } = checkingView()
          const { warnings, errors, logger } = lambdaLogger()
          const { stream, read } = memoryStream()
          await toStreamingLambdaHandler(view, { logger })(event, stream)

          const { prelude, body: bytes } = read()
          const body = bytes.toString()
          expect(problems).toEqual([])
          expect(errors).toEqual([])
          if (methods.length === 1) {
            expect(prelude.statusCode).toBe(200)
            expect(body).toBe(methods[0] === 'HEAD' ? '' : 'handled')
          } else {
            expect(prelude.statusCode).toBe(400)
            expect(body).toBe('400 Bad Request\n')
            expect(warnings).toHaveLength(1)
            expect(reasonOf(warnings[0]!)).toBeGreaterThanOrEqual(0)
          }
          expectNoPollution()
        }),
        { numRuns: runs(200, 2000) },
      )
    },
    TIMEOUT,
  )
})

describe('the mutations reach what they aim at', () => {
  // A fuzzer whose mutations never produce a 400 (or never a 200) would pass vacuously.
  it('both outcomes occur, and the 400s the targeted mutations aim for', async () => {
    const reasons = new Set<string>()
    const statuses = new Set<number>()
    const samples = fc.sample(mutatedEvent, { numRuns: 300, seed: 42 })
    for (const { event } of samples) {
      const { warnings, logger } = lambdaLogger()
      const result = await toLambdaHandler(checkingView().view, { logger })(event)
      statuses.add(result.statusCode)
      for (const warning of warnings) reasons.add(REASONS[reasonOf(warning)]!.source)
    }
    expect([...statuses].sort()).toEqual([200, 400])
    const hit = (fragment: string) =>
      [...reasons].some((reason) => reason.includes(fragment))
    for (const aim of [
      'is not a valid HTTP header', // CR, LF, NUL in names and values
      'cookies is not an array of strings', // cookies that are not strings
      'cookies holds a value', // cookie strings with control characters
      'is not well-formed Unicode', // lone surrogates in REST query parameters
      'body is marked base64 but is not', // invalid base64
      'is not an object', // wrong types
      'no HTTP method', // deleted or replaced methods
    ]) {
      expect(hit(aim), aim).toBe(true)
    }
    expect(reasons.size).toBeGreaterThanOrEqual(10)
  })
})
