/**
 * `serve()`: usable at once, the bound address once it listens, failures to listen,
 * and a `close()` that waits for requests in flight only as long as it was told.
 */
import { describe, expect, test } from 'vitest'
import { ImproperlyConfigured, type Handler, type Logger } from 'shallot'
import { serve } from 'shallot/node'

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }
const ok: Handler = async () => new Response('ok')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('serve', () => {
  test('returns at once; ready gives the address; 127.0.0.1 by default', async () => {
    const server = serve(ok, { port: 0, logger: quiet })
    server.server.unref()
    expect(server.address).toBeUndefined()
    const address = await server.ready
    expect(address.hostname).toBe('127.0.0.1')
    expect(address.port).toBeGreaterThan(0)
    expect(address.url).toBe(`http://127.0.0.1:${address.port}/`)
    expect(server.address).toEqual(address)
    expect(await (await fetch(address.url)).text()).toBe('ok')
    const closing = server.close(500)
    expect(server.close()).toBe(closing)
    await closing
    expect(server.server.listening).toBe(false)
  })

  test('a port in use: ready rejects, the failure is logged, close() still resolves', async () => {
    const first = serve(ok, { port: 0, logger: quiet })
    first.server.unref()
    const { port } = await first.ready
    const errors: string[] = []
    const second = serve(ok, {
      port,
      logger: { ...quiet, error: (message) => void errors.push(message) },
    })
    await expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect(errors).toEqual([
      expect.stringMatching(/^serve: cannot listen on 127\.0\.0\.1:\d+: /),
    ])
    expect(second.address).toBeUndefined()
    await second.close()
    await first.close(500)
  })

  test('close() right away, before the server listens', async () => {
    const server = serve(ok, { port: 0, logger: quiet })
    server.server.unref()
    await server.close(500)
    expect(server.server.listening).toBe(false)
  })

  test('close() lets a request in flight finish within the grace period', async () => {
    const server = serve(
      async () => {
        await sleep(100)
        return new Response('finished')
      },
      { port: 0, logger: quiet },
    )
    server.server.unref()
    const { url } = await server.ready
    const pending = fetch(url).then((response) => response.text())
    await sleep(20)
    const started = Date.now()
    await server.close(2_000)
    expect(await pending).toBe('finished')
    // Closed once the response was sent, not at the end of the grace period.
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  test('after the grace period close() cuts the connection; request.signal aborts', async () => {
    let aborted = false
    const server = serve(
      (request) =>
        new Promise<Response>((resolve) =>
          request.signal.addEventListener('abort', () => {
            aborted = true
            resolve(new Response('never sent'))
          }),
        ),
      { port: 0, logger: quiet },
    )
    server.server.unref()
    const { url } = await server.ready
    const pending = fetch(url).catch(() => 'cut')
    await sleep(20)
    const started = Date.now()
    await server.close(100)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await pending).toBe('cut')
    for (let i = 0; i < 100 && !aborted; i++) await sleep(10)
    expect(aborted).toBe(true)
  })

  test('a port outside 0..65535 is ImproperlyConfigured at once, the value quoted', () => {
    expect(() => serve(ok, { port: 70_000 })).toThrow(ImproperlyConfigured)
    expect(() => serve(ok, { port: 70_000 })).toThrow(
      'serve: port must be a whole number from 0 to 65535, got 70000.',
    )
    expect(() => serve(ok, { port: '3000' as unknown as number })).toThrow(
      'serve: port must be a whole number from 0 to 65535, got "3000".',
    )
  })
})
