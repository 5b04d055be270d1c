/**
 * `allowedHosts()` over real HTTP (Django ALLOWED_HOSTS). `fetch` always sends the
 * URL's host, so a forged `Host` goes out through `node:http`.
 */
import { request } from 'node:http'
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

/** GET `target` with the given `Host` header; resolves with the status and body. */
function getWithHost(
  target: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(target)
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, path: pathname, headers: { ...headers, host } },
      (incoming) => {
        let body = ''
        incoming.setEncoding('utf8')
        incoming.on('data', (chunk: string) => (body += chunk))
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }))
        incoming.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

export const allowedHostsChecks: MiddlewareChecks = (url) => {
  it('allowedHosts: lets the allowed host through, port and all', async () => {
    const response = await fetch(url('/allowed-hosts/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('ok')
  })

  it('allowedHosts: a subdomain of a leading-dot pattern is allowed', async () => {
    const { status } = await getWithHost(url('/allowed-hosts/'), 'WWW.Example.com:8080')
    expect(status).toBe(200)
  })

  it('allowedHosts: a forged Host is a 400 (SuspiciousOperation)', async () => {
    const { status, body } = await getWithHost(url('/allowed-hosts/'), 'evil.test')
    expect(status).toBe(400)
    expect(body).toContain('400 Bad Request')
    expect(body).not.toContain('evil.test')
  })

  it('allowedHosts: X-Forwarded-Host is not trusted by default', async () => {
    const { status } = await getWithHost(url('/allowed-hosts/'), 'evil.test', {
      'x-forwarded-host': 'www.example.com',
    })
    expect(status).toBe(400)
  })
}
