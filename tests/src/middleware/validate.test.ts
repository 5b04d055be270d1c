/**
 * `validate`: Standard Schema validators (zod and valibot, and hand-written ones for
 * async and odd paths) on the JSON body, the form body, the query and the headers;
 * 415 for a body in the wrong format, 400 for one that does not parse or validate,
 * never an empty object that validates; bodyLimit's 413 passes through.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { z } from 'zod'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { createHandler, ImproperlyConfigured, json } from '../../../src/index.js'
import { bodyLimit, validate } from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** A handler whose view answers with `request.valid` as JSON, and counts its calls. */
function app(middleware: Parameters<typeof createHandler>[0]['middleware']) {
  const calls = { view: 0 }
  const handler = createHandler({
    middleware,
    view: (request) => {
      calls.view++
      return json((request as Request & { valid: unknown }).valid)
    },
    logger: quiet,
  })
  return { handler, calls }
}

function post(body: BodyInit | null, contentType?: string, url = 'http://localhost/') {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (contentType !== undefined) headers['content-type'] = contentType
  return new Request(url, { method: 'POST', headers, body })
}

const User = z.object({ name: z.string().min(1), age: z.coerce.number().default(0) })

/** The problem+json body of an error response. */
async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  return (await response.json()) as {
    status: number
    detail?: string
    errors?: { path?: unknown[]; message: string }[]
  }
}

describe('validate({ json })', () => {
  it('gives the view the schema output (zod: coerce, default)', async () => {
    const { handler } = app([validate({ json: User })])
    const response = await handler(post('{"name":"Ada"}', 'application/json'))
    expect(await response.json()).toEqual({ json: { name: 'Ada', age: 0 } })
  })

  it('works with valibot', async () => {
    const schema = v.object({ name: v.pipe(v.string(), v.minLength(1)) })
    const { handler } = app([validate({ json: schema })])
    const ok = await handler(post('{"name":"Ada","extra":1}', 'application/json'))
    expect(await ok.json()).toEqual({ json: { name: 'Ada' } })
    const bad = await handler(post('{"name":""}', 'application/json'))
    expect(bad.status).toBe(400)
    const body = await problem(bad)
    expect(body.errors).toEqual([
      { path: ['json', 'name'], message: expect.any(String) as string },
    ])
  })

  it('an invalid body is a 400 listing every issue, and the view never runs', async () => {
    const { handler, calls } = app([validate({ json: User })])
    const response = await handler(post('{"name":"","age":"x"}', 'application/json'))
    expect(response.status).toBe(400)
    const body = await problem(response)
    expect(body.detail).toBe('The request is not valid.')
    expect(body.errors?.map((error) => error.path)).toEqual([
      ['json', 'name'],
      ['json', 'age'],
    ])
    expect(body.errors?.every((error) => typeof error.message === 'string')).toBe(true)
    expect(calls.view).toBe(0)
  })

  it('a body that is not JSON is a 400 that says so', async () => {
    const { handler, calls } = app([validate({ json: z.unknown() })])
    const response = await handler(post('{"name":', 'application/json'))
    expect(response.status).toBe(400)
    expect((await problem(response)).detail).toBe('The request body is not valid JSON.')
    expect(calls.view).toBe(0)
  })

  it('an empty body is a 400, never an empty object that validates', async () => {
    const { handler } = app([validate({ json: z.object({}) })])
    for (const body of [null, '', '  \n']) {
      const response = await handler(post(body, 'application/json'))
      expect(response.status).toBe(400)
      expect((await problem(response)).detail).toBe(
        'The request body is empty; expected JSON.',
      )
    }
  })

  it('a missing or other Content-Type is a 415 that names the expected type', async () => {
    const { handler, calls } = app([validate({ json: z.object({}) })])
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const response = await handler(post('{}', type))
      expect(response.status).toBe(415)
      expect((await problem(response)).detail).toBe(
        'Expected a JSON (Content-Type: application/json) body.',
      )
    }
    // A string body gets text/plain from Request; bytes get no Content-Type at all.
    const bare = await handler(post(new TextEncoder().encode('{}')))
    expect(bare.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(bare.status).toBe(415)
    const latin1 = await handler(post('{}', 'application/json; charset=iso-8859-1'))
    expect(latin1.status).toBe(415)
    expect(calls.view).toBe(0)
  })

  it('a 415 reads nothing of the body', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++
          controller.enqueue(new TextEncoder().encode('{}'))
          controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const { handler } = app([validate({ json: z.object({}) })])
    const request = new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect((await handler(request)).status).toBe(415)
    expect(pulled).toBe(0)
    expect(request.bodyUsed).toBe(false)
  })

  it('takes +json types and a UTF-8 charset, quoted or not, in any case', async () => {
    const { handler } = app([validate({ json: z.object({ a: z.number() }) })])
    for (const type of [
      'application/problem+json',
      'Application/JSON; charset="UTF-8"',
      'application/json; charset=utf8',
      'application/json;boundary=x',
    ]) {
      const response = await handler(post('{"a":1}', type))
      expect(await response.json()).toEqual({ json: { a: 1 } })
    }
  })

  it("bodyLimit outside: a body past its limit is bodyLimit's 413", async () => {
    const { handler, calls } = app([bodyLimit(8), validate({ json: z.unknown() })])
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":"a long name"}'))
        controller.close()
      },
    })
    const request = new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit)
    expect((await handler(request)).status).toBe(413)
    expect(calls.view).toBe(0)
  })
})

describe('validate({ form })', () => {
  const Form = z.object({ name: z.string(), tags: z.array(z.string()) })

  it('reads a urlencoded form: one value per name, a list for a repeated name', async () => {
    const { handler } = app([validate({ form: Form })])
    const response = await handler(
      post('name=Ada&tags=a&tags=b&tags=c', 'application/x-www-form-urlencoded'),
    )
    expect(await response.json()).toEqual({
      form: { name: 'Ada', tags: ['a', 'b', 'c'] },
    })
  })

  it('reads multipart/form-data, files as File', async () => {
    const form = new FormData()
    form.append('name', 'Ada')
    form.append('avatar', new File(['png bytes'], 'a.png', { type: 'image/png' }))
    const schema = z.object({ name: z.string(), avatar: z.instanceof(File) })
    let seen: File | undefined
    const handler = createHandler({
      middleware: [validate({ form: schema })],
      view: async (request) => {
        seen = request.valid.form.avatar
        return new Response(`${request.valid.form.name} ${await seen.text()}`)
      },
      logger: quiet,
    })
    const response = await handler(
      new Request('http://localhost/', { method: 'POST', body: form }),
    )
    expect(await response.text()).toBe('Ada png bytes')
    expect(seen?.name).toBe('a.png')
  })

  it('a multipart body that does not parse is a 400 that says so', async () => {
    const { handler } = app([validate({ form: z.unknown() })])
    const response = await handler(
      post('--x\r\nnot a part', 'multipart/form-data; boundary=x'),
    )
    expect(response.status).toBe(400)
    expect((await problem(response)).detail).toBe(
      'The request body is not valid multipart/form-data.',
    )
  })

  it('JSON sent to a form schema is a 415', async () => {
    const { handler } = app([validate({ form: Form })])
    const response = await handler(post('{}', 'application/json'))
    expect(response.status).toBe(415)
    expect((await problem(response)).detail).toBe(
      'Expected a form (Content-Type: application/x-www-form-urlencoded or multipart/form-data) body.',
    )
  })

  it('an invalid form is a 400 with the form paths', async () => {
    const { handler } = app([validate({ form: Form })])
    const response = await handler(post('tags=a', 'application/x-www-form-urlencoded'))
    expect((await problem(response)).errors).toEqual([
      { path: ['form', 'name'], message: expect.any(String) as string },
      { path: ['form', 'tags'], message: expect.any(String) as string },
    ])
  })

  it('a name like __proto__ is an ordinary field, not a prototype', async () => {
    let seen: Record<string, unknown> = {}
    const handler = createHandler({
      middleware: [validate({ form: z.custom<Record<string, unknown>>() })],
      view: (request) => {
        seen = request.valid.form
        return new Response('ok')
      },
      logger: quiet,
    })
    await handler(
      post('__proto__=x&constructor=y', 'application/x-www-form-urlencoded'),
    )
    expect(Object.keys(seen)).toEqual(['__proto__', 'constructor'])
    expect(seen['__proto__']).toBe('x')
    expect(Object.getPrototypeOf(seen)).toBe(null)
  })
})

describe('validate({ query, headers })', () => {
  it('reads the query string and the headers, by lower-case name', async () => {
    const { handler } = app([
      validate({
        query: z.object({
          page: z.coerce.number().int().min(1),
          q: z.array(z.string()),
        }),
        headers: z.object({ 'x-api-key': z.string() }),
      }),
    ])
    const response = await handler(
      new Request('http://localhost/?page=2&q=a&q=b', {
        headers: { 'X-Api-Key': 'k' },
      }),
    )
    expect(await response.json()).toEqual({
      headers: { 'x-api-key': 'k' },
      query: { page: 2, q: ['a', 'b'] },
    })
  })

  it('reports the issues of every part in one 400', async () => {
    const { handler } = app([
      validate({
        query: z.object({ page: z.coerce.number().int() }),
        headers: z.object({ 'x-api-key': z.string() }),
        json: z.object({ name: z.string() }),
      }),
    ])
    const response = await handler(post('{}', 'application/json', 'http://x/?page=a'))
    expect((await problem(response)).errors?.map((error) => error.path)).toEqual([
      ['headers', 'x-api-key'],
      ['query', 'page'],
      ['json', 'name'],
    ])
  })

  it('a validate inside another adds its parts; the inner one wins for a shared part', async () => {
    const { handler } = app([
      validate({ query: z.object({ page: z.string() }) }),
      validate({ headers: z.object({ 'x-id': z.string() }) }),
      validate({ query: z.object({ page: z.coerce.number() }) }),
    ])
    const response = await handler(
      new Request('http://localhost/?page=3', { headers: { 'x-id': '7' } }),
    )
    expect(await response.json()).toEqual({
      query: { page: 3 },
      headers: { 'x-id': '7' },
    })
  })
})

describe('hand-written Standard Schema validators', () => {
  /** A schema from a `validate` function, as any library exposes it. */
  const schema = <T>(
    validateFn: StandardSchemaV1<unknown, T>['~standard']['validate'],
  ): StandardSchemaV1<unknown, T> => ({
    '~standard': { version: 1, vendor: 'test', validate: validateFn },
  })

  it('async validators are awaited', async () => {
    const slow = schema(async (value) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return value === 'yes'
        ? { value: 'checked' }
        : { issues: [{ message: 'say yes' }] }
    })
    const { handler } = app([
      validate({ headers: schema(() => ({ value: 1 })) }),
      validate({ json: slow }),
    ])
    expect(await (await handler(post('"yes"', 'application/json'))).json()).toEqual({
      headers: 1,
      json: 'checked',
    })
    const response = await handler(post('"no"', 'application/json'))
    expect((await problem(response)).errors).toEqual([
      { path: ['json'], message: 'say yes' },
    ])
  })

  it('path segments: keys, indexes, { key } objects and symbols become JSON values', async () => {
    const odd = schema(() => ({
      issues: [
        { message: 'm', path: ['items', 0, { key: 'name' }, { key: 1 }, Symbol('s')] },
      ],
    }))
    const { handler } = app([validate({ json: odd })])
    const response = await handler(post('{}', 'application/json'))
    expect((await problem(response)).errors).toEqual([
      { path: ['json', 'items', 0, 'name', 1, 'Symbol(s)'], message: 'm' },
    ])
  })

  it('the message names every issue, for debug pages', async () => {
    const twice = schema(() => ({
      issues: [{ message: 'a' }, { message: 'b', path: ['x'] }],
    }))
    const once = schema(() => ({ issues: [{ message: 'c' }] }))
    const lines: string[] = []
    for (const json of [twice, once]) {
      const handler = createHandler({
        middleware: [validate({ json })],
        view: () => new Response('never'),
        logger: quiet,
        debug: true,
      })
      const request = post('{}', 'application/json')
      request.headers.set('accept', 'text/plain')
      lines.push(await (await handler(request)).text())
    }
    const debug = createHandler({
      middleware: [validate({ json: z.unknown() })],
      view: () => new Response('never'),
      logger: quiet,
      debug: true,
    })
    const bare = new Request('http://localhost/', {
      method: 'POST',
      body: new TextEncoder().encode('{}'),
    })
    lines.push(await (await debug(bare)).text())
    expect(lines.join('\n')).toContain(
      'validate(): the request has no Content-Type; expected JSON (Content-Type: application/json).',
    )
    expect(lines.join('\n')).toContain(
      'validate(): 2 invalid values: json: a; json.x: b',
    )
    expect(lines.join('\n')).toContain('validate(): 1 invalid value: json: c')
  })
})

describe('laws (property tests)', () => {
  /** A schema that accepts anything and returns it: what validate read, unchanged. */
  const identity: StandardSchemaV1 = {
    '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) },
  }
  const seen: { json?: unknown; query?: unknown; form?: unknown } = {}
  const handler = createHandler({
    middleware: [
      validate({ json: identity }),
      validate({ query: identity, form: undefined }),
    ],
    view: (request) => {
      Object.assign(seen, request.valid)
      return new Response('ok')
    },
    logger: quiet,
  })

  it('any JSON body reaches the schema as JSON.parse gives it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const body = JSON.stringify(value)
        const response = await handler(post(body, 'application/json'))
        expect(response.status).toBe(200)
        expect(seen.json).toEqual(JSON.parse(body))
      }),
      { numRuns: 100 },
    )
  })

  it('a query string reads back: each name to its value, or its values in order', async () => {
    const pairs = fc.array(
      fc.tuple(fc.constantFrom('a', 'b', 'c d', 'é'), fc.string()),
      {
        maxLength: 8,
      },
    )
    await fc.assert(
      fc.asyncProperty(pairs, async (entries) => {
        const query = new URLSearchParams(entries).toString()
        const request = post('{}', 'application/json', `http://localhost/?${query}`)
        await handler(request)
        const expected: Record<string, string | string[]> = {}
        for (const name of new Set(entries.map(([name]) => name))) {
          const values = entries.filter(([n]) => n === name).map(([, value]) => value)
          expected[name] = values.length === 1 ? values[0]! : values
        }
        expect({ ...(seen.query as object) }).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })
})

describe('validate() options are checked at once', () => {
  it.each([
    ['validate() needs a schema for at least one of headers, query, json, form.', {}],
    ['validate() has no option body', { body: z.string() }],
    [
      'validate() option json must be a Standard Schema validator',
      { json: { parse() {} } },
    ],
    ['validate() option query must be a Standard Schema validator', { query: null }],
    [
      'validate() takes json or form, not both',
      { json: z.object({}), form: z.object({}) },
    ],
  ])('%s', (message, options) => {
    expect(() => validate(options as never)).toThrow(ImproperlyConfigured)
    expect(() => validate(options as never)).toThrow(message)
  })
  it('validate(undefined)', () => {
    expect(() => validate(undefined as never)).toThrow(/at least one of/)
  })
})
