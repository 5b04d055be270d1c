/**
 * `securityHeaders()`: Django's `SecurityMiddleware` and `XFrameOptionsMiddleware`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  NotFound,
  type Middleware,
  type View,
} from '../../../src/index.js'
import {
  common,
  exemptFromFrameOptions,
  securityHeaders,
  type SecurityHeadersOptions,
} from '../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

function stack(
  options: SecurityHeadersOptions = {},
  view: View = () => new Response('ok'),
) {
  return createHandler({ middleware: [securityHeaders(options)], view, logger: quiet })
}

describe('securityHeaders: defaults (Django SecurityMiddleware settings)', () => {
  it('sets nosniff, Referrer-Policy same-origin, COOP same-origin and X-Frame-Options DENY', async () => {
    const response = await stack()(new Request('http://example.com/'))
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })

  it('sends no HSTS unless hstsSeconds > 0 (Django SECURE_HSTS_SECONDS = 0)', async () => {
    const response = await stack()(new Request('https://example.com/'))
    expect(response.headers.has('strict-transport-security')).toBe(false)
  })

  it('never redirects to https by default (SECURE_SSL_REDIRECT = False)', async () => {
    const response = await stack()(new Request('http://example.com/'))
    expect(response.status).toBe(200)
  })

  it('puts the headers on error responses too (N2: the layer sees a response)', async () => {
    const response = await stack({}, () => {
      throw new NotFound()
    })(new Request('http://example.com/'))
    expect(response.status).toBe(404)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('securityHeaders: HSTS (RFC 6797 §6.1, Django SecurityMiddleware)', () => {
  it('sends max-age with includeSubDomains and preload on https responses', async () => {
    const handler = stack({
      hstsSeconds: 31536000,
      hstsIncludeSubdomains: true,
      hstsPreload: true,
    })
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains; preload',
    )
  })

  it('never on http (RFC 6797 §7.2: not over non-secure transport)', async () => {
    const response = await stack({ hstsSeconds: 60 })(
      new Request('http://example.com/'),
    )
    expect(response.headers.has('strict-transport-security')).toBe(false)
  })

  it('counts proxySslHeader as https (SECURE_PROXY_SSL_HEADER, first value only)', async () => {
    const handler = stack({
      hstsSeconds: 60,
      proxySslHeader: ['X-Forwarded-Proto', 'https'],
    })
    const behindProxy = await handler(
      new Request('http://internal/', {
        headers: { 'x-forwarded-proto': 'https, http' },
      }),
    )
    expect(behindProxy.headers.get('strict-transport-security')).toBe('max-age=60')
    const plain = await handler(
      new Request('http://internal/', {
        headers: { 'x-forwarded-proto': 'http, https' },
      }),
    )
    expect(plain.headers.has('strict-transport-security')).toBe(false)
  })

  it('leaves an HSTS header the view set', async () => {
    const handler = stack(
      { hstsSeconds: 60 },
      () =>
        new Response('ok', { headers: { 'strict-transport-security': 'max-age=5' } }),
    )
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.get('strict-transport-security')).toBe('max-age=5')
  })
})

describe('securityHeaders: set only when absent (Django headers.setdefault)', () => {
  it('keeps every header the view already set', async () => {
    const handler = stack(
      {},
      () =>
        new Response('ok', {
          headers: {
            'x-content-type-options': 'custom',
            'referrer-policy': 'no-referrer',
            'cross-origin-opener-policy': 'unsafe-none',
            'x-frame-options': 'SAMEORIGIN',
          },
        }),
    )
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.get('x-content-type-options')).toBe('custom')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('cross-origin-opener-policy')).toBe('unsafe-none')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('copies a response with immutable headers instead of failing (Fetch §5.2 guard)', async () => {
    const handler = stack({}, () =>
      Response.redirect('https://example.com/elsewhere', 302),
    )
    const response = await handler(new Request('https://example.com/'))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://example.com/elsewhere')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('securityHeaders: options', () => {
  it('joins a Referrer-Policy list with commas (Referrer Policy §11.1 fallbacks)', async () => {
    const fromArray = await stack({
      referrerPolicy: ['no-referrer', 'strict-origin-when-cross-origin'],
    })(new Request('https://example.com/'))
    expect(fromArray.headers.get('referrer-policy')).toBe(
      'no-referrer,strict-origin-when-cross-origin',
    )
    const fromString = await stack({ referrerPolicy: ' origin , unsafe-url' })(
      new Request('https://example.com/'),
    )
    expect(fromString.headers.get('referrer-policy')).toBe('origin,unsafe-url')
  })

  it('false leaves each header out', async () => {
    const handler = stack({
      contentTypeNosniff: false,
      referrerPolicy: false,
      crossOriginOpenerPolicy: false,
      frameOptions: false,
    })
    const response = await handler(new Request('https://example.com/'))
    for (const name of [
      'x-content-type-options',
      'referrer-policy',
      'cross-origin-opener-policy',
      'x-frame-options',
    ]) {
      expect(response.headers.has(name)).toBe(false)
    }
  })

  it('upper-cases frameOptions (Django X_FRAME_OPTIONS.upper())', async () => {
    const response = await stack({ frameOptions: 'sameorigin' })(
      new Request('https://example.com/'),
    )
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it.each<[SecurityHeadersOptions, string]>([
    [
      { hstsSeconds: -1 },
      'securityHeaders: hstsSeconds must be a whole number of seconds, 0 or more, got -1.',
    ],
    [{ hstsSeconds: 1.5 }, 'hstsSeconds must be a whole number'],
    [
      { frameOptions: 'ALLOW' as never },
      'securityHeaders: frameOptions must be "DENY", "SAMEORIGIN" or false, got "ALLOW".',
    ],
    [
      { referrerPolicy: 'same-origin, nope' },
      'securityHeaders: referrerPolicy must be one or more of',
    ],
    [{ referrerPolicy: [] }, 'referrerPolicy must be'],
    [
      { crossOriginOpenerPolicy: 'same-site' },
      'securityHeaders: crossOriginOpenerPolicy must be one of',
    ],
    [
      { sslHost: 'https://secure.example.com' },
      'securityHeaders: sslHost must be a host name',
    ],
    [
      { redirectExempt: ['^health$'] as never },
      'securityHeaders: redirectExempt must be an array of regular expressions',
    ],
    [
      { proxySslHeader: ['x-forwarded-proto'] as never },
      'securityHeaders: proxySslHeader must be a [header name, value] pair',
    ],
    [
      { redirectExempt: [/^health$/, { path: '/status' }] as never },
      'securityHeaders: redirectExempt must be an array of regular expressions, got [/^health$/, an object].',
    ],
  ])('rejects bad options at build time: %j', (options, message) => {
    expect(() => securityHeaders(options)).toThrow(ImproperlyConfigured)
    expect(() => securityHeaders(options)).toThrow(message)
  })
})

describe('securityHeaders: HTTPS redirect (Django SECURE_SSL_REDIRECT)', () => {
  it('answers http with a 301 to the same URL on https, before the view runs', async () => {
    let viewRan = false
    const handler = stack({ sslRedirect: true }, () => {
      viewRan = true
      return new Response('ok')
    })
    const response = await handler(new Request('http://example.com:8080/a/b?x=1&y=2'))
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(
      'https://example.com:8080/a/b?x=1&y=2',
    )
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(viewRan).toBe(false)
  })

  it('uses sslHost when given (SECURE_SSL_HOST)', async () => {
    const response = await stack({ sslRedirect: true, sslHost: 'secure.example.com' })(
      new Request('http://example.com/login'),
    )
    expect(response.headers.get('location')).toBe('https://secure.example.com/login')
  })

  it('lets exempt paths through, matched without the leading slash (SECURE_REDIRECT_EXEMPT)', async () => {
    const handler = stack({
      sslRedirect: true,
      redirectExempt: [/^health$/, /^api\//g],
    })
    expect((await handler(new Request('http://example.com/health'))).status).toBe(200)
    expect((await handler(new Request('http://example.com/api/x'))).status).toBe(200)
    expect((await handler(new Request('http://example.com/api/x'))).status).toBe(200)
    expect((await handler(new Request('http://example.com/healthz'))).status).toBe(301)
  })

  it('leaves https requests alone', async () => {
    const response = await stack({ sslRedirect: true })(
      new Request('https://example.com/'),
    )
    expect(response.status).toBe(200)
  })
})

describe('securityHeaders: X-Frame-Options opt-out (Django xframe_options_exempt)', () => {
  it('sends no X-Frame-Options for an exempted response', async () => {
    const handler = stack({}, () => exemptFromFrameOptions(new Response('frame me')))
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.has('x-frame-options')).toBe(false)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('keeps the mark through common(), which may copy the response', async () => {
    const handler = createHandler({
      middleware: [securityHeaders(), common()],
      view: () => exemptFromFrameOptions(new Response('frame me')),
    })
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.get('content-length')).toBe('8')
    expect(response.headers.has('x-frame-options')).toBe(false)
  })

  it('a copy made by another layer is not exempt (the mark is per object)', async () => {
    const copying: Middleware = (getResponse) => async (request) => {
      const response = await getResponse(request)
      return new Response(response.body, response)
    }
    const handler = createHandler({
      middleware: [securityHeaders(), copying],
      view: () => exemptFromFrameOptions(new Response('frame me')),
    })
    const response = await handler(new Request('https://example.com/'))
    expect(response.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('securityHeaders: laws', () => {
  it('never replaces a header the view set, whatever its value', async () => {
    const names = [
      'x-content-type-options',
      'referrer-policy',
      'cross-origin-opener-policy',
      'x-frame-options',
      'strict-transport-security',
    ] as const
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.stringMatching(/^[a-z0-9=;, -]{1,20}$/).map((value) => value.trim() || 'x'),
        async (name, value) => {
          const handler = stack(
            { hstsSeconds: 10 },
            () => new Response('ok', { headers: { [name]: value } }),
          )
          const response = await handler(new Request('https://example.com/'))
          expect(response.headers.get(name)).toBe(value)
        },
      ),
      { numRuns: 50 },
    )
  })
})
