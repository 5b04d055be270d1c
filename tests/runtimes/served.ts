/**
 * A runtime serving a bundled entry from a temporary directory, as a `RunningServer`:
 * its origin on 127.0.0.1 once it reports its port, and a `stop()` that ends the
 * process and removes the directory. Plus one such server shared by a describe block.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe } from 'vitest'
import type { PlatformDetail } from './entries/served-stack.js'
import type { SpawnedRuntime } from './spawn.js'
import type { RunningServer } from './suite.js'

/**
 * Waits for `port` (a promise that rejects when the runtime does not report one in
 * time); on failure stops `runtime`, removes `dir` and rethrows. `onStop` runs first
 * thing in `stop()` (e.g. to close a control channel).
 */
export async function served(
  runtime: SpawnedRuntime,
  port: Promise<string | number>,
  dir: string,
  onStop?: () => void,
): Promise<RunningServer> {
  const remove = () => rmSync(dir, { recursive: true, force: true })
  let listening: string | number
  try {
    listening = await port
  } catch (error) {
    await runtime.stop()
    remove()
    throw error
  }
  return {
    origin: `http://127.0.0.1:${listening}`,
    async stop() {
      onStop?.()
      await runtime.stop()
      remove()
    },
  }
}

/**
 * A describe block whose tests share one server from `start`: started before them,
 * stopped after them. `tests` gets the server (valid inside the tests, not before).
 */
export function describeServed(
  title: string,
  start: () => Promise<RunningServer>,
  tests: (server: () => RunningServer) => void,
): void {
  describe(title, () => {
    let server: RunningServer | undefined
    beforeAll(async () => {
      server = await start()
    }, 60_000)
    afterAll(() => server?.stop(), 20_000)

    tests(() => {
      if (server === undefined) throw new Error(`${title}: the server did not start`)
      return server
    })
  })
}

/** What `/platform/detail` on `server` answers. */
export async function platformDetail(server: RunningServer): Promise<PlatformDetail> {
  const response = await fetch(`${server.origin}/platform/detail`)
  return (await response.json()) as PlatformDetail
}
