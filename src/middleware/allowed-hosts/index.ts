/**
 * `allowedHosts`: Django's `ALLOWED_HOSTS` check (`HttpRequest.get_host()`), as a
 * layer.
 *
 * @module
 */
import { ImproperlyConfigured, SuspiciousOperation } from '../../errors.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'

// Django's host_validation_re: a DNS name or a bracketed IPv6 literal, then a port.
const HOST = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/
// What a pattern may be: `*`, a name (a leading dot for "and its subdomains"), or
// a bracketed IPv6 literal. A port never matches: hosts are compared without it.
const PATTERN = /^(\*|\.?[a-z0-9-]+(\.[a-z0-9-]+)*|\[[a-f0-9:.]+\])$/

/** Django's `split_domain_port`: the lower-cased domain, or `''` when malformed. */
export function domainOf(host: string): string {
  const lower = host.toLowerCase()
  if (!HOST.test(lower)) return ''
  if (lower.endsWith(']')) return lower
  const colon = lower.lastIndexOf(':')
  const domain = colon === -1 ? lower : lower.slice(0, colon)
  return domain.endsWith('.') ? domain.slice(0, -1) : domain
}

/** Django's `is_same_domain`: `.example.com` matches example.com and its subdomains. */
function matchesPattern(domain: string, pattern: string): boolean {
  if (pattern === '*') return true
  if (pattern.startsWith('.'))
    return domain.endsWith(pattern) || domain === pattern.slice(1)
  return domain === pattern
}

function checkedPatterns(hosts: readonly string[]): readonly string[] {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new ImproperlyConfigured(
      `allowedHosts: hosts must be a non-empty array of host names, got ${show(hosts)}; ` +
        `with no host allowed every request would be refused (use ['*'] to allow any).`,
    )
  }
  return hosts.map((host: unknown) => {
    const pattern = typeof host === 'string' ? host.toLowerCase() : ''
    if (PATTERN.test(pattern)) return pattern
    const hint =
      typeof host === 'string' && host.startsWith('*.')
        ? ` Write "${host.slice(1)}" to allow ${host.slice(2)} and its subdomains.`
        : typeof host === 'string' && /:\d+$/.test(host)
          ? ' Leave the port out: hosts are compared without it.'
          : ''
    throw new ImproperlyConfigured(
      `allowedHosts: ${show(host)} is not a host pattern ` +
        `(a host name, ".example.com" for a domain and its subdomains, "*", or "[::1]").${hint}`,
    )
  })
}

/**
 * Refuses requests whose `Host` is not in `hosts`, Django's `ALLOWED_HOSTS`: a forged
 * `Host` would otherwise reach absolute URLs the app builds (password-reset links,
 * redirects) and poison caches. A bad host is a `SuspiciousOperation`, so the
 * layer's boundary answers 400 and logs it at warn level; the inner layers and the
 * view never run.
 *
 * Patterns follow Django's rules: compared case-insensitively and without the port; a
 * leading dot (`.example.com`) matches the domain and every subdomain; `*` matches any
 * host; a trailing dot on the request's host is ignored.
 *
 * The host checked is the request URL's, the one every layer and view will use to build
 * absolute URLs. The adapter makes it from `Host`, or from `X-Forwarded-Host` only when
 * told to trust the proxy (Django's `USE_X_FORWARDED_HOST` is `shallot/node`'s
 * `trustProxy`), so a header that the stack does not use can't pass the check for one
 * it does.
 *
 * @param hosts - The allowed patterns, at least one.
 * @returns The middleware.
 * @throws ImproperlyConfigured (at build time) for an empty list, a pattern that can
 *   never match, e.g. `"*.example.com"` or `"example.com:8000"`, or a second argument
 *   (the former `{ useForwardedHost }` option: trust the proxy in the adapter instead).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { allowedHosts } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [allowedHosts(['example.com', '.example.org'])],
 *   view: () => new Response('ok'),
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const ok = await handler(new Request('https://www.example.org:8443/'))
 * const forged = await handler(new Request('https://evil.test/'))
 * console.log(ok.status, forged.status) // 200 400
 * ```
 */
export function allowedHosts(
  hosts: readonly string[],
  ...unexpected: readonly never[]
): Middleware {
  const patterns = checkedPatterns(hosts)
  if (unexpected.length > 0) {
    throw new ImproperlyConfigured(
      `allowedHosts() takes only the list of hosts, got a second argument: ${show(unexpected[0])}. ` +
        "The host checked is the request URL's: to use X-Forwarded-Host, let the " +
        "adapter trust the proxy (shallot/node's trustProxy).",
    )
  }
  return function allowedHosts(getResponse) {
    return async (request) => {
      const { host } = new URL(request.url)
      const domain = domainOf(host)
      if (
        domain === '' ||
        !patterns.some((pattern) => matchesPattern(domain, pattern))
      ) {
        throw new SuspiciousOperation(
          `Invalid Host header: ${JSON.stringify(host)}. ` +
            (domain === ''
              ? 'The domain name provided is not valid according to RFC 1034/1035.'
              : `You may need to add ${JSON.stringify(domain)} to allowedHosts().`),
        )
      }
      return getResponse(request)
    }
  }
}
