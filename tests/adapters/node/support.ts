/**
 * Servers and clients for the shallot/node tests: servers on 127.0.0.1 and a free
 * port that stop after each test, a fetch that gives up after 5 s, raw sockets that
 * show the bytes on the wire, loggers that print nothing, and bounded waits.
 */
import { connect } from 'node:net'
import { afterEach } from 'vitest'
import type { Handler, Logger } from 'shallot'
import { serve, type NodeServer, type ServeOptions } from 'shallot/node'

/** A logger that drops everything. */
export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** Collects log lines instead of printing them. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push =
    (level: string) =>
    (message: string): void =>
      void lines.push(`${level} ${message}`)
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  }
}

/**
 * Call at the top of a test file. Returns `start(handler, options)`, which serves
 * `handler` on 127.0.0.1:<free port> (quietly unless `options` has a logger) and
 * resolves with its URL; every server it started is closed after each test, within
 * half a second.
 */
export function serverPerTest(): (
  handler: Handler,
  options?: ServeOptions,
) => Promise<string> {
  const servers: NodeServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close(500)))
  })
  return async (handler, options = {}) => {
    const server = serve(handler, { port: 0, logger: quiet, ...options })
    server.server.unref()
    servers.push(server)
    return (await server.ready).url
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves once `check()` holds; fails the test after `ms`. */
export async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`not within ${ms} ms: ${check.toString()}`)
    await sleep(5)
  }
}

/** fetch, failing after 5 s instead of hanging the test. */
export const go = (url: string | URL, init: RequestInit = {}) =>
  fetch(url, { signal: AbortSignal.timeout(5_000), ...init })

/**
 * Sends `text` on a raw socket to the server at `url` and resolves with everything it
 * answered, so framing (length, chunking) shows. Gives up after 2 s of silence.
 */
export function raw(url: string, text: string | Buffer): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text))
    let answer = ''
    socket.setTimeout(2_000, () => socket.destroy())
    socket.on('data', (chunk) => (answer += String(chunk)))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}
