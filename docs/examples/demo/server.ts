/**
 * The demo server: `npm start`, then `curl -i http://127.0.0.1:8000/`.
 *
 * Run directly, it reads `PORT` (default 8000) and `DEBUG` (`1` shows error details),
 * listens on 127.0.0.1, prints its routes and stops cleanly on Ctrl+C or SIGTERM.
 * Imported (as the tests do), it starts nothing: use `start`, `stop`, `optionsFromEnv`.
 *
 * @module
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'shallot'
import { serve, type NodeServer, type ServerAddress } from 'shallot/node'
import { createApp } from './app.js'
import { routes } from './routes.js'

export interface StartOptions {
  /** Default 8000; 0 picks a free port. */
  readonly port?: number
  /** Default `127.0.0.1`: reachable from this machine only. */
  readonly hostname?: string
  /** Show error messages and stacks in error responses. Default `false`. */
  readonly debug?: boolean
  /** Where the stack and the server log 4xx and 5xx. Default: `console`. */
  readonly logger?: Logger
}

export interface Started {
  /** The running server (`shallot/node`'s `serve`): `close()`, the `node:http` server. */
  readonly server: NodeServer
  readonly address: ServerAddress
  /** `http://127.0.0.1:8000/` */
  readonly url: string
}

/** Builds the app and serves it with `shallot/node`; resolves once the port is bound. */
export async function start(options: StartOptions = {}): Promise<Started> {
  const { port = 8000, hostname = '127.0.0.1', debug = false, logger } = options
  const handler = createApp({ debug, logger })
  const server = serve(handler, {
    port,
    hostname,
    ...(logger === undefined ? {} : { logger }),
  })
  const address = await server.ready
  return { server, address, url: address.url }
}

/**
 * Stops accepting connections, lets requests in flight finish, and after `graceMs`
 * cuts whatever connections are left. Resolves once the server is closed.
 */
export function stop(server: NodeServer, graceMs = 5_000): Promise<void> {
  return server.close(graceMs)
}

/** The options the command line gets from the environment (`PORT`, `DEBUG`). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): {
  port: number
  debug: boolean
} {
  const raw = env.PORT ?? ''
  const port = raw === '' ? 8000 : Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`PORT must be a whole number from 0 to 65535, got "${raw}".`)
  }
  return { port, debug: env.DEBUG === '1' || env.DEBUG === 'true' }
}

async function main(): Promise<void> {
  const { port, debug } = optionsFromEnv(process.env)
  let started: Started
  try {
    started = await start({ port, debug })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is in use; try PORT=${port + 1} npm start`, {
        cause: error,
      })
    }
    throw error
  }
  const { server, url } = started
  const width = Math.max(...routes.map((route) => route.path.length))
  console.log(`shallot demo listening on ${url}${debug ? ' (debug: on)' : ''}`)
  for (const route of routes) {
    console.log(`  ${route.path.padEnd(width)}  ${route.description}`)
  }
  console.log(`  (any other path is a 404)`)
  console.log(
    `Open ${url} in a browser and log in as ada (password analytical-engine).`,
  )
  console.log('Ctrl+C stops the server.')

  let stopping = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.log(`${signal} again: exiting without waiting.`)
      process.exit(1)
    }
    stopping = true
    console.log(`${signal}: finishing requests in flight, then exiting.`)
    void stop(server).then(() => console.log('Server closed.'))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** True when this file is the program (`tsx server.ts`), false when imported. */
function isMain(): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isMain()) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
