/**
 * The request URL from the `Host` header and the request target, at the edges: hosts
 * the URL parser reads as IPv4 addresses or refuses, a repeated `Host` (RFC 9112,
 * 3.2: 400), targets that make no URL (`*`, a bad absolute form), and the forwarded
 * headers under `trustProxy`. Whatever the stack receives, `request.url` is a URL
 * that `new URL` parses to itself. Real servers on 127.0.0.1, raw sockets.
 */
import { describe, expect, test } from 'vitest'
import { createHandler, ImproperlyConfigured, type Handler } from 'shallot'
import { allowedHosts } from 'shallot/middleware'
import { serve, type ServeOptions } from 'shallot/node'
import { memoryLogger, quiet, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const echoUrl: Handler = async (request) => new Response(request.url)

/** Starts a server echoing request.url; `send` answers `[status, body, log lines]`. */
async function echoServer(options: ServeOptions = {}) {
  const logger = memoryLogger()
  const url = await start(echoUrl, { logger, ...options })
  return async (head: string, target = '/'): Promise<[number, string, string[]]> => {
    logger.lines.length = 0
    const answer = await raw(
      url,
      `GET ${target} HTTP/1.1\r\n${head}Connection: close\r\n\r\n`,
    )
    const status = Number(answer.slice(9, 12))
    return [status, answer.slice(answer.indexOf('\r\n\r\n') + 4), [...logger.lines]]
  }
}

describe('Host', () => {
  test('a host the URL parser reads as an IPv4 address is written as that address', async () => {
    const send = await echoServer()
    const hosts = {
      '0x7f.1': 'http://127.0.0.1/',
      '1.2.3': 'http://1.2.0.3/',
      '0': 'http://0.0.0.0/',
      '010.0.0.1:8080': 'http://8.0.0.1:8080/',
      '127.0.0.1:80': 'http://127.0.0.1/',
      '10.0.0.255:65535': 'http://10.0.0.255:65535/',
      'XN--9CA.example': 'http://xn--9ca.example/',
      'a.b.': 'http://a.b./',
    }
    for (const [host, expected] of Object.entries(hosts)) {
      const [status, body] = await send(`Host: ${host}\r\n`)
      expect([status, body], host).toEqual([200, expected])
      expect(new URL(body).href, host).toBe(body)
    }
  })

  test('a host the URL parser refuses is a 400, even when it looks plain', async () => {
    const send = await echoServer()
    for (const host of ['a.1', '1.2.3.4.5', '256.1.1.1', 'a.0x', 'a:65536']) {
      const [status, body, log] = await send(`Host: ${host}\r\n`)
      expect([status, body], host).toEqual([400, '400 Bad Request\n'])
      expect(log, host).toEqual([`warn Bad Request: invalid Host header "${host}"`])
    }
  })

  test('a label that is not Punycode: the verdict of this Node’s URL parser', async () => {
    // The URL Standard refuses `xn--a` (WPT url/toascii), as Node 20 and 22 do; the
    // parser of Node 24.22 (Ada 4.0) accepts ASCII `xn--` labels without decoding
    // them. The adapter keeps to the parser: 400 where it refuses, its URL where not.
    const send = await echoServer()
    const [status, body] = await send('Host: xn--a\r\n')
    expect([status, body]).toEqual(
      URL.canParse('http://xn--a/')
        ? [200, 'http://xn--a/']
        : [400, '400 Bad Request\n'],
    )
  })

  test('more than one Host line: 400, whichever case, whatever the origin option', async () => {
    for (const options of [{}, { origin: 'https://fixed.example' }]) {
      const send = await echoServer(options)
      const [status, body, log] = await send('Host: a.example\r\nHOST: b.example\r\n')
      expect([status, body]).toEqual([400, '400 Bad Request\n'])
      expect(log).toEqual(['warn Bad Request: more than one Host header'])
      expect(await send('Host: a.example\r\n')).toEqual([
        200,
        options.origin ? 'https://fixed.example/' : 'http://a.example/',
        [],
      ])
    }
  })
})

describe('the request target', () => {
  test('* and a bad absolute form make no URL: 400; an upper-case scheme is fine', async () => {
    const send = await echoServer()
    const host = 'Host: a.example\r\n'
    expect(await send(host, '*')).toEqual([
      400,
      '400 Bad Request\n',
      ['warn Bad Request: invalid request target "*"'],
    ])
    expect(await send(host, 'http://b.example:99999/x')).toEqual([
      400,
      '400 Bad Request\n',
      ['warn Bad Request: invalid request target "http://b.example:99999/x"'],
    ])
    expect(await send(host, 'HTTP://b.example/p?q')).toEqual([
      200,
      'http://a.example/p?q',
      [],
    ])
  })

  test('with a fixed origin the target still decides path and query only', async () => {
    const send = await echoServer({ origin: 'https://fixed.example' })
    expect(await send('Host: a.example\r\n', 'http://b.example/p/../q?x')).toEqual([
      200,
      'https://fixed.example/q?x',
      [],
    ])
  })
})

describe('trustProxy', () => {
  test('forwarded headers absent, empty or unknown: Host and the socket decide', async () => {
    const send = await echoServer({ trustProxy: true })
    const cases: [string, string][] = [
      ['', 'http://a.example/'],
      ['X-Forwarded-Host: , b.example\r\n', 'http://a.example/'],
      [
        'X-Forwarded-Proto: ftp\r\nX-Forwarded-Host: b.example\r\n',
        'http://b.example/',
      ],
      [
        'X-Forwarded-Proto: HTTPS\r\nX-Forwarded-Host: b.example\r\nX-Forwarded-Host: c.example\r\n',
        'https://b.example/',
      ],
    ]
    for (const [headers, expected] of cases) {
      expect(await send(`Host: a.example\r\n${headers}`), headers).toEqual([
        200,
        expected,
        [],
      ])
    }
  })
})

describe('the origin option', () => {
  test('anything but an http: or https: origin is ImproperlyConfigured at once, naming it', () => {
    expect(() => serve(echoUrl, { origin: 'not a url', logger: quiet })).toThrow(
      ImproperlyConfigured,
    )
    expect(() => serve(echoUrl, { origin: 'not a url', logger: quiet })).toThrow(
      new ImproperlyConfigured(
        'toNodeListener: origin must be like "https://example.com", got "not a url".',
      ),
    )
    expect(() => serve(echoUrl, { origin: 'ftp://x.example', logger: quiet })).toThrow(
      new ImproperlyConfigured(
        'toNodeListener: origin must be like "https://example.com" (no path, query or credentials), got "ftp://x.example".',
      ),
    )
  })
})

describe('allowedHosts behind serve(): the host checked is the one request.url carries', () => {
  async function guarded(options: ServeOptions) {
    const handler = createHandler({
      middleware: [allowedHosts(['www.example.com'])],
      view: echoUrl,
      logger: quiet,
    })
    const url = await start(handler, options)
    return async (head: string) => {
      const answer = await raw(
        url,
        `GET / HTTP/1.1\r\n${head}Connection: close\r\n\r\n`,
      )
      return Number(answer.slice(9, 12))
    }
  }

  test('without trustProxy a forwarded host cannot stand in for a forged Host', async () => {
    const send = await guarded({})
    expect(await send('Host: evil.com\r\nX-Forwarded-Host: www.example.com\r\n')).toBe(
      400,
    )
    expect(await send('Host: www.example.com\r\nX-Forwarded-Host: evil.com\r\n')).toBe(
      200,
    )
  })

  test('with trustProxy the forwarded host is the URL host, and it is checked', async () => {
    const send = await guarded({ trustProxy: true })
    expect(await send('Host: www.example.com\r\nX-Forwarded-Host: evil.com\r\n')).toBe(
      400,
    )
    expect(
      await send('Host: internal:8080\r\nX-Forwarded-Host: www.example.com\r\n'),
    ).toBe(200)
  })
})
