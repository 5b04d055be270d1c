/**
 * The shared HTTP suite on the real Bun binary (npm `bun`, pinned in package.json):
 * the stack bundled with a `Bun.serve` entry, on 127.0.0.1 and a port Bun picks.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleEntry } from './bundle.js'
import { spawnRuntime } from './spawn.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlatformDetail } from './entries/served-stack.js'
import { httpSuite, type RunningServer } from './suite.js'

const entry = fileURLToPath(new URL('entries/bun.ts', import.meta.url))
const bun = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))

async function start(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shallot-bun-'))
  const module = await bundleEntry(entry, dir)
  // The bundle imports nothing: no auto-install, no .env files, caches in `dir`.
  const runtime = spawnRuntime(bun, ['run', '--no-install', '--no-env-file', module], {
    cwd: dir,
    env: {
      ...process.env,
      BUN_INSTALL_CACHE_DIR: join(dir, 'cache'),
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
      DO_NOT_TRACK: '1',
    },
  })
  let port: string
  try {
    port = (await runtime.waitFor(/listening on (\d+)/, 15_000))[1]!
  } catch (error) {
    await runtime.stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      await runtime.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

httpSuite('Bun', start, { platform: 'fetch', streams: true })

describe('platform objects on Bun', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start()
  }, 60_000)
  afterAll(() => server?.stop(), 20_000)

  it('env is the Server (requestIP works with the original request), ctx the stand-in', async () => {
    const response = await fetch(`${server.origin}/platform/detail`)
    const detail = (await response.json()) as PlatformDetail
    expect(detail.runtime).toBe('fetch')
    expect(detail.env).toMatchObject({ requestIP: 'function', upgrade: 'function' })
    expect(detail.remoteAddress).toBe('127.0.0.1')
    expect(detail.ctx).toEqual({
      waitUntil: 'function',
      passThroughOnException: 'undefined',
    })
  })
})
