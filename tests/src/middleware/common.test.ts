/**
 * `common()`: Django's `CommonMiddleware.process_response`: APPEND_SLASH and
 * Content-Length for non-streaming bodies (ST6).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  NotFound,
  provide,
  type Middleware,
  type View,
} from '../../../src/index.js'
import { common, type CommonOptions } from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** A site with `/about/` and `/docs/` only; counts the view's runs per path. */
function site(options: CommonOptions = {}, extra: Middleware[] = []) {
  const runs: string[] = []
  const view: View = (request) => {
    const { pathname } = new URL(request.url)
    runs.push(`${request.method} ${pathname}`)
    if (pathname === '/about/' || pathname === '/docs/')
      return new Response(`page ${pathname}`)
    throw new NotFound()
  }
  const handler = createHandler({
    middleware: [common(options), ...extra],
    view,
    logger: quiet,
  })
  return { handler, runs }
}

function streaming(chunks: string[], delayMs = 5): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let index = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]))
      else controller.close()
    },
  })
}

describe('common: append slash (Django APPEND_SLASH, should_redirect_with_slash)', () => {
  it('answers a 404 for a slashless GET with a 301 to the slashed path, query kept', async () => {
    const { handler } = site()
    const response = await handler(new Request('http://localhost/about?lang=en&x=1'))
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/about/?lang=en&x=1')
  })

  it('probes the inner layers once with the slashed path (the documented cost)', async () => {
    const { handler, runs } = site()
    await handler(new Request('http://localhost/about'))
    expect(runs).toEqual(['GET /about', 'GET /about/'])
  })

  it('does the same for HEAD, probing with HEAD', async () => {
    const { handler, runs } = site()
    const response = await handler(
      new Request('http://localhost/docs', { method: 'HEAD' }),
    )
    expect(response.status).toBe(301)
    expect(runs).toEqual(['HEAD /docs', 'HEAD /docs/'])
  })

  it('keeps the 404 when the slashed path is a 404 too', async () => {
    const { handler } = site()
    const response = await handler(new Request('http://localhost/missing'))
    expect(response.status).toBe(404)
  })

  it('never touches a path that already ends in a slash, nor a found page', async () => {
    const { handler, runs } = site()
    expect((await handler(new Request('http://localhost/missing/'))).status).toBe(404)
    expect((await handler(new Request('http://localhost/about/'))).status).toBe(200)
    expect(runs).toEqual(['GET /missing/', 'GET /about/'])
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'keeps the 404 for %s, never probing nor reading the body (a 301 would lose it)',
    async (method) => {
      const { handler, runs } = site()
      const request = new Request('http://localhost/about', { method, body: 'data' })
      const response = await handler(request)
      expect(response.status).toBe(404)
      expect(runs).toEqual([`${method} /about`])
      expect(request.bodyUsed).toBe(false)
    },
  )

  it('escapes a leading double slash (Django escape_leading_slashes)', async () => {
    const handler = createHandler({
      middleware: [common({ isValidPath: () => true })],
      view: () => {
        throw new NotFound()
      },
      logger: quiet,
    })
    const response = await handler(new Request('http://localhost//evil.example'))
    expect(response.headers.get('location')).toBe('/%2Fevil.example/')
  })

  it('asks isValidPath instead of probing, when given', async () => {
    const asked: string[] = []
    const { handler, runs } = site({
      isValidPath: (pathname) => {
        asked.push(pathname)
        return pathname === '/docs/'
      },
    })
    expect((await handler(new Request('http://localhost/docs'))).status).toBe(301)
    expect((await handler(new Request('http://localhost/about'))).status).toBe(404)
    expect(asked).toEqual(['/docs/', '/about/'])
    expect(runs).toEqual(['GET /docs', 'GET /about'])
  })

  it('gives the probe what outer layers provided', async () => {
    const user: Middleware<{}, { user: string }> = (getResponse) => (request) =>
      getResponse(provide(request, { user: 'ada' }))
    const seen: string[] = []
    const handler = createHandler({
      middleware: [user, common()],
      view: (request) => {
        seen.push(`${new URL(request.url).pathname} ${request.user}`)
        if (new URL(request.url).pathname !== '/me/') throw new NotFound()
        return new Response('me')
      },
      logger: quiet,
    })
    expect((await handler(new Request('http://localhost/me'))).status).toBe(301)
    expect(seen).toEqual(['/me ada', '/me/ ada'])
  })

  it('is off with appendSlash: false', async () => {
    const { handler, runs } = site({ appendSlash: false })
    expect((await handler(new Request('http://localhost/about'))).status).toBe(404)
    expect(runs).toEqual(['GET /about'])
  })
})

describe('common: Content-Length (ST6, Django CommonMiddleware.process_response)', () => {
  const withView = (view: View, options: CommonOptions = {}) =>
    createHandler({ middleware: [common(options)], view, logger: quiet })

  it('adds the byte length of a body made from a string', async () => {
    const response = await withView(() => new Response('héllo'))(
      new Request('http://localhost/'),
    )
    expect(response.headers.get('content-length')).toBe('6')
    expect(await response.text()).toBe('héllo')
  })

  it('adds 0 for a null body, but not for HEAD (its length is the GET one)', async () => {
    const empty = await withView(() => new Response(null))(
      new Request('http://localhost/'),
    )
    expect(empty.headers.get('content-length')).toBe('0')
    const head = await withView(() => new Response(null))(
      new Request('http://localhost/', { method: 'HEAD' }),
    )
    expect(head.headers.has('content-length')).toBe(false)
  })

  it('adds nothing to a stream still being produced, and passes it on whole (ST6, ST2)', async () => {
    const response = await withView(() => new Response(streaming(['a', 'bc', 'def'])))(
      new Request('http://localhost/'),
    )
    expect(response.headers.has('content-length')).toBe(false)
    expect(await response.text()).toBe('abcdef')
  })

  it('does not read ahead of the client: one chunk at a time (ST2)', async () => {
    let pulls = 0
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          pulls += 1
          await new Promise((resolve) => setTimeout(resolve, 1))
          controller.enqueue(encoder.encode(`chunk${pulls}`))
        },
      },
      { highWaterMark: 0 },
    )
    const response = await withView(() => new Response(body))(
      new Request('http://localhost/'),
    )
    const reader = response.body!.getReader()
    await reader.read()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(pulls).toBeLessThanOrEqual(2)
    await reader.cancel()
  })

  it('passes a cancel on to the original stream', async () => {
    let cancelled: unknown
    const body = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => {}),
      cancel: (reason) => void (cancelled = reason),
    })
    const response = await withView(() => new Response(body))(
      new Request('http://localhost/'),
    )
    await response.body!.cancel('client gone')
    expect(cancelled).toBe('client gone')
  })

  it('keeps a Content-Length the view set', async () => {
    const response = await withView(
      () => new Response(streaming(['abc']), { headers: { 'content-length': '3' } }),
    )(new Request('http://localhost/'))
    expect(response.headers.get('content-length')).toBe('3')
  })

  // 205 by the one bodyless rule (RFC 9110 §15.3.6): the server frames its empty body.
  it.each([204, 205, 304])('never on a %i (RFC 9110 §8.6)', async (status) => {
    const response = await withView(() => new Response(null, { status }))(
      new Request('http://localhost/'),
    )
    expect(response.headers.has('content-length')).toBe(false)
  })

  it('works on a response with immutable headers (Fetch §5.2 guard)', async () => {
    const response = await withView(() => Response.redirect('http://localhost/x', 302))(
      new Request('http://localhost/'),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('content-length')).toBe('0')
  })

  it('is off with contentLength: false', async () => {
    const response = await withView(() => new Response('abc'), {
      contentLength: false,
    })(new Request('http://localhost/'))
    expect(response.headers.has('content-length')).toBe(false)
  })

  it('the length is the byte length of what is sent, for any complete body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array()), async (body) => {
        const response = await withView(() => new Response(body))(
          new Request('http://localhost/'),
        )
        const bytes = new Uint8Array(await response.arrayBuffer())
        expect(response.headers.get('content-length')).toBe(String(bytes.byteLength))
      }),
      { numRuns: 100 },
    )
  })
})

describe('common: build-time checks', () => {
  it.each<[unknown, string]>([
    [{ appendSlash: 'yes' }, 'common: appendSlash must be true or false, got "yes".'],
    [{ contentLength: 1 }, 'common: contentLength must be true or false, got 1.'],
    [{ isValidPath: '/x/' }, 'common: isValidPath must be a function'],
  ])('refuses %j', (options, message) => {
    expect(() => common(options as CommonOptions)).toThrow(ImproperlyConfigured)
    expect(() => common(options as CommonOptions)).toThrow(message)
  })
})
