/**
 * For the round-trip property test: a request and a response written down once, the
 * request expressed as each integration's event, the way that integration encodes it,
 * and each result shape read back into the response it describes. Built on real
 * fixtures as templates, so fields the adapter ignores stay as AWS sends them.
 */
import type { LambdaEvent, LambdaResult } from 'shallot/aws-lambda'
import { fixture } from './fixture-events.js'

/** The integrations, by the event they send. */
export const SHAPES = ['v1', 'http-api', 'function-url', 'alb', 'alb-multi'] as const
export type Shape = (typeof SHAPES)[number]

/** A request as the client meant it, before any integration encoded it. */
export interface RequestModel {
  readonly method: string
  readonly scheme: 'http' | 'https'
  readonly host: string
  /** Decoded path segments: `['a b', 'c']` is `/a%20b/c`. */
  readonly segments: readonly string[]
  /** Decoded query parameters, in order; names repeat. */
  readonly query: readonly (readonly [string, string])[]
  /** Whether the client wrote a space in the query as `+` (HTML forms do). */
  readonly plus: boolean
  /** Lower-case names; a name may repeat. Neither `host` nor `cookie`. */
  readonly headers: readonly (readonly [string, string])[]
  /** `name=value` each. */
  readonly cookies: readonly string[]
  /** `null`: no body. */
  readonly body: { readonly bytes: Uint8Array; readonly base64: boolean } | null
}

/** A response as the view returns it. */
export interface ResponseModel {
  readonly status: number
  /** Lower-case names; a name may repeat. Not `set-cookie`. */
  readonly headers: readonly (readonly [string, string])[]
  readonly cookies: readonly string[]
  readonly body: Uint8Array<ArrayBuffer> | null
}

/** What a result says, whatever its shape. */
export interface Decoded {
  readonly status: number
  readonly headers: Record<string, string>
  readonly cookies: string[]
  readonly body: Uint8Array
}

const TEMPLATES: Record<Shape, string> = {
  v1: 'apigw-request.json',
  'http-api': 'apigw-v2-request-iam.json',
  'function-url': 'function-url-request-with-headers-and-cookies-and-text-body.json',
  alb: 'alb-lambda-target-request-headers-only.json',
  'alb-multi': 'alb-lambda-target-request-multivalue-headers.json',
}

type Json = Record<string, unknown>

/** `x-foo-bar` as `X-Foo-Bar`: REST and ALB keep the client's case. */
const titleCase = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())

/** Pairs grouped by name, in first-seen order, values in order. */
export function grouped(
  pairs: readonly (readonly [string, string])[],
): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const [name, value] of pairs) map.set(name, [...(map.get(name) ?? []), value])
  return map
}

/** Own-property records, so that a name like `__proto__` stays a key. */
function record<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [name, value] of entries) {
    Object.defineProperty(out, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** The path as the client sent it: each segment percent-encoded. */
export const encodedPath = (model: RequestModel) =>
  `/${model.segments.map(encodeURIComponent).join('/')}`
/** The path as an HTTP API delivers it: decoded. */
export const decodedPath = (model: RequestModel) => `/${model.segments.join('/')}`
/** A query string component as the client encoded it. */
const component = (model: RequestModel, text: string) =>
  model.plus ? encodeURIComponent(text).replace(/%20/g, '+') : encodeURIComponent(text)
/** The query string as the client sent it. */
export const rawQuery = (model: RequestModel) =>
  model.query.map(([k, v]) => `${component(model, k)}=${component(model, v)}`).join('&')

/** The event `shape`'s integration would send for `model`. */
export function toEvent(shape: Shape, model: RequestModel): LambdaEvent {
  const template = fixture<Json>(TEMPLATES[shape])
  const headerPairs: [string, string][] = [
    ['host', model.host],
    ['x-forwarded-proto', model.scheme],
    ...model.headers.map(([name, value]): [string, string] => [name, value]),
  ]
  const cookie = model.cookies.join('; ')
  const body = model.body === null || model.body.bytes.length === 0 ? null : model.body
  const bodyFields = {
    body: body === null ? null : body.base64 ? base64(body.bytes) : text(body.bytes),
    isBase64Encoded: body?.base64 ?? false,
  }
  switch (shape) {
    case 'v1': {
      if (cookie !== '') headerPairs.push(['cookie', cookie])
      const headers = grouped(headerPairs.map(([n, v]) => [titleCase(n), v]))
      const query = grouped(model.query)
      const none = query.size === 0
      return {
        ...template,
        httpMethod: model.method,
        path: encodedPath(model),
        headers: record([...headers].map(([n, values]) => [n, values.at(-1)!])),
        multiValueHeaders: record(headers),
        queryStringParameters: none
          ? null
          : record([...query].map(([k, v]) => [k, v.at(-1)!])),
        multiValueQueryStringParameters: none ? null : record(query),
        ...bodyFields,
      } as unknown as LambdaEvent
    }
    case 'http-api':
    case 'function-url': {
      // Payload 2.0 joins a repeated header's values with commas and moves cookies
      // into `cookies`; a Function URL also keeps the Cookie header.
      if (shape === 'function-url' && cookie !== '')
        headerPairs.push(['cookie', cookie])
      const headers = grouped(headerPairs)
      const query = grouped(model.query)
      const rawPath = shape === 'http-api' ? decodedPath(model) : encodedPath(model)
      const event: Json = {
        ...template,
        rawPath,
        rawQueryString: rawQuery(model),
        headers: record([...headers].map(([n, values]) => [n, values.join(',')])),
        requestContext: {
          ...(template['requestContext'] as Json),
          http: { method: model.method, path: rawPath, protocol: 'HTTP/1.1' },
        },
        isBase64Encoded: bodyFields.isBase64Encoded,
      }
      if (query.size > 0) {
        event['queryStringParameters'] = record(
          [...query].map(([k, v]) => [k, v.join(',')]),
        )
      } else delete event['queryStringParameters']
      if (model.cookies.length > 0) event['cookies'] = [...model.cookies]
      else delete event['cookies']
      if (bodyFields.body !== null) event['body'] = bodyFields.body
      else delete event['body']
      return event as unknown as LambdaEvent
    }
    case 'alb':
    case 'alb-multi': {
      // ALB passes the query as the client sent it, still encoded; without
      // multi-value headers it keeps the last value of a repeated header or parameter.
      if (cookie !== '') headerPairs.push(['cookie', cookie])
      const headers = grouped(headerPairs.map(([n, v]) => [titleCase(n), v]))
      const query = grouped(
        model.query.map(([k, v]) => [component(model, k), component(model, v)]),
      )
      const event: Json = {
        requestContext: template['requestContext'],
        httpMethod: model.method,
        path: encodedPath(model),
        body: bodyFields.body ?? '',
        isBase64Encoded: bodyFields.isBase64Encoded,
      }
      if (shape === 'alb-multi') {
        event['multiValueHeaders'] = record(headers)
        event['multiValueQueryStringParameters'] = record(query)
      } else {
        event['headers'] = record(
          [...headers].map(([n, values]) => [n, values.at(-1)!]),
        )
        event['queryStringParameters'] = record(
          [...query].map(([k, v]) => [k, v.at(-1)!]),
        )
      }
      return event as unknown as LambdaEvent
    }
  }
}

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/**
 * What a result of `shape` says: its status, headers, cookies and body bytes. Throws
 * when the result has a field its shape does not allow, or lacks one it needs.
 */
export function fromResult(shape: Shape, result: LambdaResult): Decoded {
  const r = result as unknown as Json
  const body =
    r['isBase64Encoded'] === true
      ? fromBase64(r['body'] as string)
      : new TextEncoder().encode(r['body'] as string)
  const status = r['statusCode'] as number
  const single = (r['headers'] ?? {}) as Record<string, string>
  const multi = (r['multiValueHeaders'] ?? {}) as Record<string, string[]>
  const allowed: Record<Shape, string[]> = {
    v1: ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'],
    'http-api': ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'],
    'function-url': ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'],
    alb: ['statusCode', 'statusDescription', 'headers', 'body', 'isBase64Encoded'],
    'alb-multi': [
      'statusCode',
      'statusDescription',
      'multiValueHeaders',
      'body',
      'isBase64Encoded',
    ],
  }
  const extra = Object.keys(r).filter((key) => !allowed[shape].includes(key))
  if (extra.length > 0) throw new Error(`${shape} result with ${extra.join(', ')}`)
  if (shape === 'alb' || shape === 'alb-multi') {
    const description = r['statusDescription']
    if (
      typeof description !== 'string' ||
      description.split(' ')[0] !== String(status)
    ) {
      throw new Error(`statusDescription ${String(description)} for ${status}`)
    }
  }
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  const add = (name: string, value: string) => {
    if (name.toLowerCase() === 'set-cookie') cookies.push(value)
    else if (Object.hasOwn(headers, name)) throw new Error(`${name} twice`)
    else Object.defineProperty(headers, name, { value, enumerable: true })
  }
  for (const [name, value] of Object.entries(single)) add(name, value)
  for (const [name, values] of Object.entries(multi)) {
    if (name !== 'set-cookie' && values.length !== 1)
      throw new Error(`${name}: ${values.length}`)
    for (const value of values) add(name, value)
  }
  cookies.push(...((r['cookies'] ?? []) as string[]))
  return { status, headers: record(Object.entries(headers)), cookies, body }
}
