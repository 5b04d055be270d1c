/**
 * `toNodeListener` and `serve` where response.test.ts stops: handlers that resolve with
 * odd values or write to `res` themselves, failures after the headers went out, the
 * defaults when no options are given, a TLS socket, and an IPv6 address. Real servers
 * on 127.0.0.1 (HTTPS with the self-signed certificate in fixtures/), real clients.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Handler } from 'shallot'
import { nodePlatform, serve, toNodeListener } from 'shallot/node'
import { go, memoryLogger, quiet, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1')

/** Servers made with `createServer` in a test; closed after it. */
const ownServers: Server[] = []
afterEach(async () => {
  await Promise.all(
    ownServers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    ),
  )
})

/** Listens on 127.0.0.1:<free port> and resolves with the port. */
async function listen(server: Server): Promise<number> {
  ownServers.push(server)
  server.unref()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('handlers that resolve with something else than a Response', () => {
  test('null, a string, an object without a prototype: 500, each named in the log', async () => {
    const logger = memoryLogger()
    const values: unknown[] = [null, 'text', Object.create(null), new Map()]
    for (const value of values) {
      const url = await start((async () => value) as unknown as Handler, { logger })
      const response = await go(url)
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('500 Internal Server Error\n')
    }
    expect(logger.lines.map((line) => line.split(', not a Response')[0])).toEqual([
      'error shallot/node: the handler resolved with null',
      'error shallot/node: the handler resolved with string',
      'error shallot/node: the handler resolved with an object',
      'error shallot/node: the handler resolved with a Map',
    ])
  })
})

describe('a handler that writes to res itself', () => {
  test('its answer stands; the Response it returns is cancelled', async () => {
    let cancelled = false
    const url = await start(async (request) => {
      nodePlatform(request)!.res.end('written directly')
      return new Response(
        new ReadableStream({ cancel: () => void (cancelled = true) }),
        { status: 201 },
      )
    })
    const response = await go(url)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('written directly')
    expect(cancelled).toBe(true)
  })

  test('headers sent, then the handler rejects: the connection is cut, and logged so', async () => {
    const logger = memoryLogger()
    const url = await start(
      async (request) => {
        const { res } = nodePlatform(request)!
        res.writeHead(200, { 'content-length': '100' })
        res.flushHeaders()
        throw new Error('after the headers')
      },
      { logger },
    )
    const answer = await raw(url, 'GET /h HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer.endsWith('\r\n\r\n')).toBe(true)
    expect(logger.lines).toEqual([
      'error shallot/node: the handler rejected (GET http://127.0.0.1/h); the connection was closed.',
    ])
    expect((await go(url)).status).toBe(200)
  })
})

describe('a response that cannot be written', () => {
  test('a chunk that is not bytes, after the headers: the connection is cut, and logged so', async () => {
    const logger = memoryLogger()
    const url = await start(
      async () =>
        new Response(
          new ReadableStream<unknown>({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 10))
              controller.enqueue(42)
            },
          }) as ReadableStream<Uint8Array>,
        ),
      { logger },
    )
    const answer = await raw(url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    // Nothing after the headers: the chunk never went out.
    expect(answer.endsWith('\r\n\r\n')).toBe(true)
    expect(logger.lines).toEqual([
      'error shallot/node: the response body stream failed after the headers were sent (GET http://127.0.0.1/); the connection was closed.',
    ])
  })
})

describe('defaults', () => {
  test('no options: a 1 MiB limit, and console as the logger', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const handler: Handler = async (request) =>
        new Response(String((await request.arrayBuffer()).byteLength))
      const port = await listen(createServer(toNodeListener(handler)))
      const url = `http://127.0.0.1:${port}/`
      const fits = await go(url, { method: 'POST', body: new Uint8Array(1024 * 1024) })
      expect(await fits.text()).toBe(String(1024 * 1024))
      const answer = await raw(
        url,
        `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n`,
      )
      expect(answer).toMatch(/^HTTP\/1\.1 413 /)
      expect(warn).toHaveBeenCalledWith(
        `Content Too Large: Content-Length ${1024 * 1024 + 1} is larger than maxBodySize (1048576 bytes): POST http://127.0.0.1/`,
      )
    } finally {
      warn.mockRestore()
    }
  })
})

describe('where the server listens', () => {
  test('on a TLS socket the request URL is https://', async () => {
    const cert = fixture('localhost-cert.pem')
    const handler: Handler = async (request) => new Response(request.url)
    const server = createHttpsServer(
      { cert, key: fixture('localhost-key.pem') },
      toNodeListener(handler, { logger: quiet }),
    )
    const port = await listen(server)
    const text = await new Promise<string>((resolve, reject) => {
      const request = httpsRequest(
        { host: '127.0.0.1', port, path: '/secure?x=1', ca: cert, timeout: 5_000 },
        (response) => {
          let body = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => (body += chunk))
          response.on('end', () => resolve(body))
        },
      )
      request.on('timeout', () => request.destroy(new Error('timed out')))
      request.on('error', reject)
      request.end()
    })
    expect(text).toBe(`https://127.0.0.1:${port}/secure?x=1`)
  })

  test('an IPv6 address is written in brackets (here 127.0.0.1, IPv4-mapped)', async () => {
    const server = serve(async () => new Response('mapped'), {
      port: 0,
      hostname: '::ffff:127.0.0.1',
      logger: quiet,
    })
    server.server.unref()
    try {
      const address = await server.ready
      expect(address.hostname).toBe('::ffff:127.0.0.1')
      expect(address.url).toBe(`http://[::ffff:127.0.0.1]:${address.port}/`)
      expect(await (await go(address.url)).text()).toBe('mapped')
    } finally {
      await server.close(500)
    }
  })
})
