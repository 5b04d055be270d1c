/**
 * `allowedHosts()`: Django's `ALLOWED_HOSTS` (`HttpRequest.get_host`, `validate_host`,
 * `split_domain_port`, `is_same_domain`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHandler, ImproperlyConfigured, type Logger } from '../../../src/index.js'
import { domainOf } from '../../../src/middleware/allowed-hosts/index.js'
import {
  allowedHosts,
  type AllowedHostsOptions,
} from '../../../src/middleware/index.js'

function stack(hosts: readonly string[], options: AllowedHostsOptions = {}) {
  const warnings: string[] = []
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message: string) => void warnings.push(message),
    error() {},
  }
  let viewRan = 0
  const handler = createHandler({
    middleware: [allowedHosts(hosts, options)],
    view: () => {
      viewRan += 1
      return new Response('ok')
    },
    logger,
    debug: true,
  })
  return { handler, warnings, viewRuns: () => viewRan }
}

const withHost = (host: string, headers: Record<string, string> = {}) =>
  new Request('http://internal/', { headers: { host, ...headers } })

describe('allowedHosts: matching (Django validate_host)', () => {
  it.each([
    ['example.com', 'example.com'],
    ['EXAMPLE.com', 'example.com'],
    ['example.com:8000', 'example.com'],
    ['example.com.', 'example.com'],
    ['example.com', '.example.com'],
    ['www.example.com', '.example.com'],
    ['a.b.example.com:443', '.EXAMPLE.com'],
    ['anything.test', '*'],
    ['[::1]:8000', '[::1]'],
    ['[::1]', '[::1]'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['127.0.0.1:8000', '127.0.0.1'],
  ])('Host %s is allowed by %s', async (host, pattern) => {
    const { handler } = stack([pattern])
    expect((await handler(withHost(host))).status).toBe(200)
  })

  it.each([
    ['evil.com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['notexample.com', '.example.com'],
    ['example.com.evil.com', 'example.com'],
  ])('Host %s is refused by %s', async (host, pattern) => {
    const { handler } = stack([pattern])
    expect((await handler(withHost(host))).status).toBe(400)
  })

  it('uses the URL host when there is no Host header (a request built in code)', async () => {
    const { handler } = stack(['localhost'])
    expect((await handler(new Request('http://localhost:3000/'))).status).toBe(200)
    expect((await handler(new Request('http://other/'))).status).toBe(400)
  })
})

describe('allowedHosts: a bad Host is a SuspiciousOperation, a 400 (Django DisallowedHost)', () => {
  it('answers 400 without running the view, and logs it at warn level', async () => {
    const { handler, warnings, viewRuns } = stack(['example.com'])
    const response = await handler(withHost('evil.com:80'))
    expect(response.status).toBe(400)
    expect(viewRuns()).toBe(0)
    expect(await response.text()).toContain(
      'Invalid Host header: "evil.com:80". You may need to add "evil.com" to allowedHosts().',
    )
    expect(warnings).toEqual(['Bad Request: GET /'])
  })

  it.each([
    'exa mple.com',
    'example.com:80:80',
    'example.com/x',
    'user@example.com',
    '',
  ])('refuses the malformed Host %j (RFC 1034/1035)', async (host) => {
    const { handler } = stack(['*'])
    const response = await handler(withHost(host))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('not valid according to RFC 1034/1035')
  })
})

describe('allowedHosts: X-Forwarded-Host (Django USE_X_FORWARDED_HOST)', () => {
  it('is ignored by default', async () => {
    const { handler } = stack(['example.com'])
    const response = await handler(
      withHost('example.com', { 'x-forwarded-host': 'evil.com' }),
    )
    expect(response.status).toBe(200)
  })

  it('is what is checked with useForwardedHost', async () => {
    const { handler } = stack(['example.com'], { useForwardedHost: true })
    expect(
      (await handler(withHost('internal', { 'x-forwarded-host': 'example.com' })))
        .status,
    ).toBe(200)
    expect(
      (await handler(withHost('example.com', { 'x-forwarded-host': 'evil.com' })))
        .status,
    ).toBe(400)
    expect((await handler(withHost('example.com'))).status).toBe(200)
  })
})

describe('allowedHosts: build-time checks', () => {
  it.each<[unknown, string]>([
    [[], 'allowedHosts: hosts must be a non-empty array of host names, got []'],
    [
      ['*.example.com'],
      'Write ".example.com" to allow example.com and its subdomains.',
    ],
    [['example.com:8000'], 'Leave the port out'],
    [
      ['https://example.com'],
      'allowedHosts: "https://example.com" is not a host pattern',
    ],
    [[42], 'allowedHosts: 42 is not a host pattern'],
  ])('refuses %j', (hosts, message) => {
    expect(() => allowedHosts(hosts as string[])).toThrow(ImproperlyConfigured)
    expect(() => allowedHosts(hosts as string[])).toThrow(message)
  })
})

describe('allowedHosts: laws', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/)
  const domain = fc
    .array(label, { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('.'))

  it('a domain matches ".d" exactly when it is d or ends with ".d", with any port and case', async () => {
    await fc.assert(
      fc.asyncProperty(
        domain,
        domain,
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.boolean(),
        async (host, pattern, port, upper) => {
          const { handler } = stack([`.${pattern}`])
          const raw = `${upper ? host.toUpperCase() : host}${port === undefined ? '' : `:${port}`}`
          const expected = host === pattern || host.endsWith(`.${pattern}`)
          expect((await handler(withHost(raw))).status).toBe(expected ? 200 : 400)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('domainOf strips the port and a trailing dot, and lower-cases', () => {
    fc.assert(
      fc.property(domain, fc.integer({ min: 0, max: 99999 }), (name, port) => {
        expect(domainOf(`${name.toUpperCase()}.:${port}`)).toBe(name)
      }),
    )
  })
})
