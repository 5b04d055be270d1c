/**
 * `cors`: the server's side of the Fetch standard's CORS protocol (§3.2): preflights,
 * the Access-Control-* response headers, credentials and `Vary: Origin`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHandler, ImproperlyConfigured, type View } from '../../../src/index.js'
import { cors, type CorsOptions } from '../../../src/middleware/index.js'

const APP = 'https://app.example.com'
const OTHER = 'https://evil.example.net'

function stack(options: CorsOptions, view: View = () => new Response('body')) {
  const seen: string[] = []
  const handler = createHandler({
    middleware: [cors(options)],
    view: (request, ...rest) => {
      seen.push(request.method)
      return view(request, ...rest)
    },
  })
  return { handler, seen }
}

function get(headers: Record<string, string> = {}, method = 'GET') {
  return new Request('https://api.example.com/items', { method, headers })
}

function preflight(origin: string, requestHeaders?: string, method = 'PUT') {
  return get(
    {
      origin,
      'access-control-request-method': method,
      ...(requestHeaders === undefined
        ? {}
        : { 'access-control-request-headers': requestHeaders }),
    },
    'OPTIONS',
  )
}

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'))

describe('cors: preflight (Fetch §3.2.2, §3.2.3)', () => {
  it('answers a preflight with 204, methods, allowed headers and max-age; the view never runs', async () => {
    const { handler, seen } = stack({
      origin: [APP],
      allowHeaders: ['Content-Type', 'X-Token'],
      maxAge: 600,
    })
    const response = await handler(preflight(APP, 'content-type, x-token'))
    expect(response.status).toBe(204)
    expect(seen).toEqual([])
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-allow-methods')).toBe(
      'GET, HEAD, PUT, POST, DELETE, PATCH',
    )
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type, x-token',
    )
    expect(response.headers.get('access-control-max-age')).toBe('600')
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers')
  })

  it('reflects only the requested headers that are allowed (Fetch §3.2.3)', async () => {
    const { handler } = stack({ origin: [APP], allowHeaders: ['x-token'] })
    const response = await handler(preflight(APP, 'X-Token, X-Secret'))
    expect(response.headers.get('access-control-allow-headers')).toBe('x-token')
  })

  it("allowHeaders '*' reflects every requested header, so it works with credentials too", async () => {
    const { handler } = stack({ origin: [APP], allowHeaders: '*', credentials: true })
    const response = await handler(preflight(APP, 'authorization, x-a'))
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, x-a',
    )
  })

  it('sends no Allow-Headers and no Max-Age when there is nothing to send', async () => {
    const { handler } = stack({ origin: '*' })
    const response = await handler(preflight(APP))
    expect(response.headers.has('access-control-allow-headers')).toBe(false)
    expect(response.headers.has('access-control-max-age')).toBe(false)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('vary')).toBe('Access-Control-Request-Headers')
  })

  it('a preflight from a disallowed origin gets a 204 with no CORS headers, not an error', async () => {
    const { handler, seen } = stack({ origin: [APP] })
    const response = await handler(preflight(OTHER, 'x-token'))
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual([])
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers')
    expect(seen).toEqual([])
  })

  it('an OPTIONS without Access-Control-Request-Method is not a preflight: the view answers', async () => {
    const { handler, seen } = stack({ origin: [APP] })
    const response = await handler(get({ origin: APP }, 'OPTIONS'))
    expect(seen).toEqual(['OPTIONS'])
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('cors: actual requests (Fetch §3.2.3)', () => {
  it('adds Allow-Origin, Expose-Headers and Vary: Origin for an allowed origin', async () => {
    const { handler } = stack({ origin: [APP], exposeHeaders: ['X-Total'] })
    const response = await handler(get({ origin: APP }))
    expect(await response.text()).toBe('body')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-expose-headers')).toBe('X-Total')
    expect(response.headers.has('access-control-allow-credentials')).toBe(false)
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('a disallowed origin gets the response without CORS headers (the browser blocks it)', async () => {
    const { handler } = stack({ origin: [APP] })
    const response = await handler(get({ origin: OTHER }))
    expect(response.status).toBe(200)
    expect(corsHeaders(response)).toEqual([])
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('with credentials the listed origin is sent, never * (Fetch §3.2.5)', async () => {
    const { handler } = stack({ origin: [APP], credentials: true })
    const response = await handler(get({ origin: APP }))
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it('never reflects Origin: null, even when a function allows every origin', async () => {
    const everyone = stack({ origin: () => true, credentials: true }).handler
    for (const request of [get({ origin: 'null' }), preflight('null')]) {
      const response = await everyone(request)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    }
    // '*' names no origin, so a sandboxed page may still read a public response.
    const open = await stack({ origin: '*' }).handler(get({ origin: 'null' }))
    expect(open.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('a case-changed origin is not a listed one', async () => {
    const { handler } = stack({ origin: [APP], credentials: true })
    const response = await handler(get({ origin: APP.toUpperCase() }))
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('appends Origin to an existing Vary, once', async () => {
    const { handler } = stack(
      { origin: [APP] },
      () => new Response('x', { headers: { vary: 'Accept-Encoding' } }),
    )
    const response = await handler(get({ origin: APP }))
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin')
    const already = stack(
      { origin: [APP] },
      () => new Response('x', { headers: { vary: 'origin' } }),
    )
    expect((await already.handler(get({ origin: APP }))).headers.get('vary')).toBe(
      'origin',
    )
  })

  it('leaves Vary: * as it is: the response varies on everything already', async () => {
    const { handler } = stack(
      { origin: [APP] },
      () => new Response('body', { headers: { vary: '*' } }),
    )
    const response = await handler(get({ origin: APP }))
    expect(response.headers.get('vary')).toBe('*')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('a function decides per request, and may be async', async () => {
    const { handler } = stack({
      origin: async (origin) => origin.endsWith('.example.com'),
      credentials: true,
    })
    const allowed = await handler(get({ origin: APP }))
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP)
    const refused = await handler(get({ origin: OTHER }))
    expect(refused.headers.has('access-control-allow-origin')).toBe(false)
  })

  it('a single origin string is a list of one', async () => {
    const { handler } = stack({ origin: APP })
    expect(
      (await handler(get({ origin: APP }))).headers.get('access-control-allow-origin'),
    ).toBe(APP)
    expect(
      (await handler(get({ origin: OTHER }))).headers.has(
        'access-control-allow-origin',
      ),
    ).toBe(false)
  })

  it('copies a response with immutable headers, keeping its body stream', async () => {
    const immutable = Response.redirect('https://api.example.com/next', 302)
    const { handler } = stack({ origin: [APP] }, () => immutable)
    const response = await handler(get({ origin: APP }))
    expect(response).not.toBe(immutable)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://api.example.com/next')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('does not read a streaming body: the first chunk arrives before the stream ends', async () => {
    let finish = () => {}
    const done = new Promise<void>((resolve) => (finish = resolve))
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('first'))
        await done
        controller.close()
      },
    })
    const { handler } = stack({ origin: [APP] }, () => new Response(body))
    const response = await handler(get({ origin: APP }))
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first')
    finish()
    expect((await reader.read()).done).toBe(true)
  })
})

describe('cors: requests without Origin (Fetch, "CORS protocol and HTTP caches")', () => {
  it('pass to the view; a dynamic answer still says Vary: Origin for caches', async () => {
    const { handler } = stack({ origin: [APP] })
    const response = await handler(get())
    expect(await response.text()).toBe('body')
    expect(corsHeaders(response)).toEqual([])
    expect(response.headers.get('vary')).toBe('Origin')
  })

  it("with origin '*' they get Allow-Origin: * and no Vary, so one cached copy serves all", async () => {
    const { handler } = stack({ origin: '*' })
    const response = await handler(get())
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.has('vary')).toBe(false)
  })

  it('an OPTIONS without Origin is not a preflight', async () => {
    const { handler, seen } = stack({ origin: [APP] })
    await handler(get({ 'access-control-request-method': 'PUT' }, 'OPTIONS'))
    expect(seen).toEqual(['OPTIONS'])
  })
})

describe('cors: laws', () => {
  it('an origin outside the list never gets a CORS header, whatever the method', async () => {
    const { handler } = stack({
      origin: [APP],
      credentials: true,
      exposeHeaders: ['x'],
    })
    await fc.assert(
      fc.asyncProperty(
        fc.webUrl().map((url) => new URL(url).origin),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
        fc.boolean(),
        async (origin, method, asPreflight) => {
          fc.pre(origin !== APP)
          const request = asPreflight
            ? preflight(origin, 'x-a', method)
            : get({ origin }, method)
          expect(corsHeaders(await handler(request))).toEqual([])
        },
      ),
      { numRuns: 50 },
    )
  })

  it('with credentials the answer is never *, and always the allowed request origin (Fetch §3.2.5)', async () => {
    const { handler } = stack({ origin: () => true, credentials: true })
    await fc.assert(
      fc.asyncProperty(
        fc.webUrl().map((url) => new URL(url).origin),
        async (origin) => {
          const response = await handler(preflight(origin))
          expect(response.headers.get('access-control-allow-origin')).toBe(origin)
        },
      ),
      { numRuns: 50 },
    )
  })
})

describe('cors: options are checked when the stack is built', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    [
      'an origin with a trailing slash',
      { origin: 'https://app.example.com/' },
      "cors(): options.origin must be '*', an origin such as 'https://example.com', a non-empty list of origins or a function, got 'https://app.example.com/'.",
    ],
    [
      'an empty list',
      { origin: [] },
      "cors(): options.origin must be '*', an origin such as 'https://example.com', a non-empty list of origins or a function, got [].",
    ],
    [
      'a negative max-age',
      { origin: '*', maxAge: -1 },
      'cors(): options.maxAge must be a whole number of seconds, 0 or more, got -1.',
    ],
    [
      'a header name with a space',
      { origin: '*', allowHeaders: ['x token'] },
      "cors(): options.allowHeaders must be a list of header or method names, got 'x token'.",
    ],
    [
      "origin '*' with credentials",
      { origin: '*', credentials: true },
      "cors(): origin '*' with credentials: true would let every site read responses made with the user's cookies; list the allowed origins (or pass a function) instead.",
    ],
    [
      'credentials as a string',
      { origin: '*', credentials: 'yes' },
      "cors(): options.credentials must be true or false, got 'yes'.",
    ],
    [
      'no options',
      undefined,
      'cors() needs an options object with an origin, got undefined.',
    ],
    [
      'a regular expression, written as one (not as JSON would, {})',
      { origin: /example\.com$/ },
      "cors(): options.origin must be '*', an origin such as 'https://example.com', a non-empty list of origins or a function, got /example\\.com$/.",
    ],
    [
      'a list holding a number',
      { origin: [APP, 42] },
      "cors(): options.origin must be '*', an origin such as 'https://example.com', a non-empty list of origins or a function, got 42.",
    ],
    [
      'an origin that is not a URL',
      { origin: 'app.example.com' },
      "cors(): options.origin must be '*', an origin such as 'https://example.com', a non-empty list of origins or a function, got 'app.example.com'.",
    ],
    [
      'methods as one string instead of a list',
      { origin: '*', methods: 'GET, POST' },
      "cors(): options.methods must be a list of header or method names, got 'GET, POST'.",
    ],
    [
      'exposeHeaders as a function',
      { origin: '*', exposeHeaders: () => ['x-total'] },
      'cors(): options.exposeHeaders must be a list of header or method names, got a function.',
    ],
  ]
  it.each(cases)('%s', (_, options, message) => {
    expect(() => cors(options as CorsOptions)).toThrow(ImproperlyConfigured)
    expect(() => cors(options as CorsOptions)).toThrow(message)
  })
})
