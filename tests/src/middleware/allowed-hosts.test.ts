/**
 * `allowedHosts()`: Django's `ALLOWED_HOSTS` (`HttpRequest.get_host`, `validate_host`,
 * `split_domain_port`, `is_same_domain`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHandler, ImproperlyConfigured, type Logger } from '../../../src/index.js'
import { domainOf } from '../../../src/middleware/allowed-hosts/index.js'
import { allowedHosts } from '../../../src/middleware/index.js'

function stack(hosts: readonly string[]) {
  const warnings: string[] = []
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message: string) => void warnings.push(message),
    error() {},
  }
  let viewRan = 0
  const handler = createHandler({
    middleware: [allowedHosts(hosts)],
    view: () => {
      viewRan += 1
      return new Response('ok')
    },
    logger,
    debug: true,
  })
  return { handler, warnings, viewRuns: () => viewRan }
}

// The host checked is the request URL's (what an adapter made of Host, or of
// X-Forwarded-Host behind a trusted proxy), so requests carry it in their URL.
const withHost = (host: string, headers: Record<string, string> = {}) =>
  new Request(`http://${host}/`, { headers })

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

  it('checks the URL host, the one the stack uses, not a Host header that disagrees', async () => {
    const { handler } = stack(['example.com'])
    const forged = new Request('http://evil.com/', { headers: { host: 'example.com' } })
    expect((await handler(forged)).status).toBe(400)
    const fine = new Request('http://example.com:3000/', {
      headers: { host: 'evil.com' },
    })
    expect((await handler(fine)).status).toBe(200)
  })
})

describe('allowedHosts: a bad Host is a SuspiciousOperation, a 400 (Django DisallowedHost)', () => {
  it('answers 400 without running the view, and logs it at warn level', async () => {
    const { handler, warnings, viewRuns } = stack(['example.com'])
    const response = await handler(withHost('evil.com:8080'))
    expect(response.status).toBe(400)
    expect(viewRuns()).toBe(0)
    expect(await response.text()).toContain(
      'Invalid Host header: "evil.com:8080". You may need to add "evil.com" to allowedHosts().',
    )
    expect(warnings).toEqual(['Bad Request: GET /'])
  })

  it.each([
    'exa mple.com',
    'example.com:80:80',
    'example.com/x',
    'user@example.com',
    '',
  ])('finds no domain in the malformed host %j (RFC 1034/1035)', (host) => {
    expect(domainOf(host)).toBe('')
  })

  it('refuses a URL host that is not a DNS name, even with * (RFC 1034/1035)', async () => {
    const { handler } = stack(['*'])
    const response = await handler(withHost('under_score.example.com'))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('not valid according to RFC 1034/1035')
  })
})

describe('allowedHosts: X-Forwarded-Host (Django USE_X_FORWARDED_HOST)', () => {
  it('counts only through the URL: the header alone passes nothing', async () => {
    const { handler } = stack(['example.com'])
    const ignored = withHost('example.com', { 'x-forwarded-host': 'evil.com' })
    expect((await handler(ignored)).status).toBe(200)
    const smuggled = withHost('evil.com', { 'x-forwarded-host': 'example.com' })
    expect((await handler(smuggled)).status).toBe(400)
  })

  it('the former useForwardedHost option fails the build, naming the adapter option', () => {
    const make = () =>
      allowedHosts(['example.com'], { useForwardedHost: true } as never)
    expect(make).toThrow(ImproperlyConfigured)
    expect(make).toThrow(
      "allowedHosts() takes only the list of hosts, got a second argument: an object. The host checked is the request URL's: to use X-Forwarded-Host, let the adapter trust the proxy (shallot/node's trustProxy).",
    )
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
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/) // a last label of digits is an IPv4 part
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
