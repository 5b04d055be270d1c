/**
 * `csrf()`: Django's `CsrfViewMiddleware` decided from fetch metadata
 * (`Sec-Fetch-Site`) and `Origin`, with `trustedOrigins` (`CSRF_TRUSTED_ORIGINS`) and
 * `exempt` (`csrf_exempt`).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from 'shallot/node'
import { describe, expect, it } from 'vitest'
import { createHandler, ImproperlyConfigured, type Logger } from '../../../src/index.js'
import { csrf, type CsrfOptions } from '../../../src/middleware/index.js'

function stack(options?: CsrfOptions, debug = false) {
  const warnings: string[] = []
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message: string) => void warnings.push(message),
    error() {},
  }
  let viewRan = 0
  const handler = createHandler({
    middleware: [csrf(options)],
    view: () => {
      viewRan += 1
      return new Response('done')
    },
    logger,
    debug,
  })
  return { handler, warnings, viewRuns: () => viewRan }
}

const ORIGIN = 'https://example.com'
const send = (method: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/save`, { method, headers })

describe('csrf: fetch metadata (Sec-Fetch-Site)', () => {
  it('a cross-site POST is a 403 without running the view, logged at warn', async () => {
    const { handler, warnings, viewRuns } = stack()
    const response = await handler(
      send('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' }),
    )
    expect(response.status).toBe(403)
    expect(viewRuns()).toBe(0)
    expect(warnings).toEqual(['Forbidden: POST /save'])
    // Production error pages say nothing about why.
    expect(await response.text()).not.toContain('evil.test')
  })

  it.each(['same-origin', 'none'])('Sec-Fetch-Site: %s passes', async (site) => {
    const { handler, viewRuns } = stack()
    const response = await handler(send('POST', { 'sec-fetch-site': site }))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('done')
    expect(viewRuns()).toBe(1)
  })

  it.each(['same-site', 'cross-site', 'something-new'])(
    'Sec-Fetch-Site: %s is refused, even when Origin looks like the request own',
    async (site) => {
      const { handler } = stack()
      const response = await handler(
        send('PUT', { 'sec-fetch-site': site, origin: ORIGIN }),
      )
      expect(response.status).toBe(403)
    },
  )

  it('a same-site or cross-site request from a trusted origin passes', async () => {
    const { handler } = stack({ trustedOrigins: ['https://app.example.com'] })
    for (const site of ['same-site', 'cross-site']) {
      const trusted = send('POST', {
        'sec-fetch-site': site,
        origin: 'https://app.example.com',
      })
      expect((await handler(trusted)).status).toBe(200)
      const other = send('POST', {
        'sec-fetch-site': site,
        origin: 'https://evil.test',
      })
      expect((await handler(other)).status).toBe(403)
      const without = send('POST', { 'sec-fetch-site': site })
      expect((await handler(without)).status).toBe(403)
    }
  })

  it('Sec-Fetch-Site: same-origin wins over Origin: null (a page with Referrer-Policy: no-referrer)', async () => {
    const { handler } = stack()
    const response = await handler(
      send('POST', { 'sec-fetch-site': 'same-origin', origin: 'null' }),
    )
    expect(response.status).toBe(200)
  })

  it('debug pages say why: the site, the method and the origin', async () => {
    const { handler } = stack({}, true)
    const response = await handler(
      send('DELETE', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' }),
    )
    expect(response.status).toBe(403)
    expect(await response.text()).toContain(
      'CSRF check failed: a cross-site DELETE request (Sec-Fetch-Site: cross-site) from origin https://evil.test, which is not in csrf() trustedOrigins.',
    )
    const bare = await handler(send('POST', { 'sec-fetch-site': 'same-site' }))
    expect(await bare.text()).toContain('from no Origin, which is not in')
  })
})

describe('csrf: Origin, when the browser sends no fetch metadata', () => {
  it('Origin: null is a 403 for every unsafe method', async () => {
    const { handler, viewRuns } = stack({ trustedOrigins: [ORIGIN] }, true)
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await handler(send(method, { origin: 'null' }))
      expect(response.status).toBe(403)
      expect(await response.text()).toContain(
        `CSRF check failed: a ${method} request with Origin: null`,
      )
    }
    const fetched = await handler(
      send('POST', { 'sec-fetch-site': 'cross-site', origin: 'null' }),
    )
    expect(fetched.status).toBe(403)
    expect(viewRuns()).toBe(0)
  })

  it("the request's own origin passes, another origin is a 403", async () => {
    const { handler } = stack({}, true)
    expect((await handler(send('POST', { origin: ORIGIN }))).status).toBe(200)
    const other = await handler(send('POST', { origin: 'https://evil.test' }))
    expect(other.status).toBe(403)
    expect(await other.text()).toContain(
      "CSRF check failed: a POST request from origin https://evil.test, which is neither the request's origin (https://example.com) nor in csrf() trustedOrigins.",
    )
    // Scheme and port are part of the origin.
    expect((await handler(send('POST', { origin: 'http://example.com' }))).status).toBe(
      403,
    )
    expect(
      (await handler(send('POST', { origin: 'https://example.com:8443' }))).status,
    ).toBe(403)
  })

  it('a trusted origin passes', async () => {
    const { handler } = stack({
      trustedOrigins: ['https://app.example.com', 'http://localhost:5173'],
    })
    for (const origin of ['https://app.example.com', 'http://localhost:5173']) {
      expect((await handler(send('PATCH', { origin }))).status).toBe(200)
    }
    expect(
      (await handler(send('PATCH', { origin: 'https://other.example.com' }))).status,
    ).toBe(403)
  })

  it('a request with neither header (curl, a server, an app) passes', async () => {
    const { handler, viewRuns } = stack()
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      expect((await handler(send(method))).status).toBe(200)
    }
    expect(viewRuns()).toBe(5)
  })
})

describe('csrf: what is never checked', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])(
    'safe method %s always passes, whatever the headers',
    async (method) => {
      const { handler } = stack()
      for (const headers of [
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' },
        { origin: 'null' },
        { origin: 'https://evil.test' },
      ]) {
        expect((await handler(send(method, headers))).status).toBe(200)
      }
    },
  )

  it('TRACE is safe too (a request object made by hand: fetch refuses the method)', async () => {
    const { handler } = stack()
    const trace = {
      method: 'TRACE',
      url: `${ORIGIN}/`,
      headers: new Headers({ 'sec-fetch-site': 'cross-site', origin: 'null' }),
    } as unknown as Request
    expect((await handler(trace)).status).toBe(200)
  })

  it('exempt: a request it returns true for passes; it is asked only for unsafe methods', async () => {
    const asked: string[] = []
    const { handler } = stack({
      exempt: (request) => {
        asked.push(`${request.method} ${new URL(request.url).pathname}`)
        return new URL(request.url).pathname === '/webhook'
      },
    })
    const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' }
    const hook = new Request(`${ORIGIN}/webhook`, {
      method: 'POST',
      headers: crossSite,
    })
    expect((await handler(hook)).status).toBe(200)
    expect((await handler(send('POST', crossSite))).status).toBe(403)
    expect((await handler(send('GET', crossSite))).status).toBe(200)
    expect(asked).toEqual(['POST /webhook', 'POST /save'])
  })

  it('exempt: only true exempts, so an async predicate (a promise) exempts nothing', async () => {
    const exempt = (async () => true) as unknown as (request: Request) => boolean
    const { handler } = stack({ exempt })
    const response = await handler(send('POST', { 'sec-fetch-site': 'cross-site' }))
    expect(response.status).toBe(403)
  })
})

describe('csrf: through a real server', () => {
  it("toNodeListener on 127.0.0.1: the request's origin is the server's", async () => {
    const { handler } = stack()
    const server = createServer(toNodeListener(handler))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const own = `http://127.0.0.1:${port}`
      const post = async (headers: Record<string, string>) => {
        const response = await fetch(`${own}/save`, {
          method: 'POST',
          headers,
          body: 'x=1',
          signal: AbortSignal.timeout(5_000),
        })
        await response.body?.cancel()
        return response.status
      }
      expect(await post({ origin: own })).toBe(200)
      expect(await post({ origin: `http://localhost:${port}` })).toBe(403)
      expect(await post({ origin: 'null' })).toBe(403)
      expect(await post({ 'sec-fetch-site': 'cross-site', origin: own })).toBe(403)
      expect(await post({ 'sec-fetch-site': 'same-origin', origin: own })).toBe(200)
      expect(await post({})).toBe(200)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('csrf: options are checked when the middleware is created', () => {
  it('csrf() and csrf({}) are fine; a list of serialized origins is fine', () => {
    expect(typeof csrf()).toBe('function')
    expect(typeof csrf({})).toBe('function')
    expect(typeof csrf({ trustedOrigins: [], exempt: () => false })).toBe('function')
  })

  it.each([
    [
      { trustedOrigin: [ORIGIN] },
      'csrf() has no option trustedOrigin; its options are trustedOrigins, exempt.',
    ],
    ['strict', 'csrf() takes an options object, got "strict".'],
    [
      { trustedOrigins: ORIGIN },
      "csrf(): options.trustedOrigins must be a list of origins such as 'https://example.com', got 'https://example.com'.",
    ],
    [
      { trustedOrigins: ['https://app.example.com/'] },
      "csrf(): options.trustedOrigins must be a list of origins such as 'https://example.com' (no path or trailing slash), got 'https://app.example.com/'.",
    ],
    [
      { trustedOrigins: ['*.example.com'] },
      "csrf(): options.trustedOrigins must be a list of origins such as 'https://example.com' (no path or trailing slash), got '*.example.com'.",
    ],
    [
      { trustedOrigins: ['null'] },
      "csrf(): options.trustedOrigins must be a list of origins such as 'https://example.com' (no path or trailing slash), got 'null'.",
    ],
    [
      { trustedOrigins: [42] },
      "csrf(): options.trustedOrigins must be a list of origins such as 'https://example.com' (no path or trailing slash), got 42.",
    ],
    [
      { exempt: '/webhook' },
      'csrf(): options.exempt must be a function, got "/webhook".',
    ],
  ])('%j: %s', (options, message) => {
    expect(() => csrf(options as never)).toThrow(new ImproperlyConfigured(message))
  })
})
