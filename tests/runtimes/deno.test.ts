/**
 * The shared HTTP suite on the real Deno binary (npm `deno`, pinned in package.json):
 * the stack bundled with a `Deno.serve` entry, on 127.0.0.1 and a port Deno picks.
 * Deno runs with network access to 127.0.0.1 only and nothing else, never prompts,
 * and resolves no remote, npm or jsr module: the bundle is self-contained.
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

const entry = fileURLToPath(new URL('entries/deno.ts', import.meta.url))
const deno = fileURLToPath(new URL('../../node_modules/.bin/deno', import.meta.url))

async function start(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shallot-deno-'))
  const module = await bundleEntry(entry, dir)
  const runtime = spawnRuntime(
    deno,
    [
      'run',
      '--allow-net=127.0.0.1',
      '--no-prompt',
      '--no-remote',
      '--no-npm',
      '--no-config',
      '--no-lock',
      module,
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        DENO_DIR: join(dir, 'deno'),
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
      },
    },
  )
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

httpSuite('Deno', start, { platform: 'fetch', streams: true })

describe('platform objects on Deno', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start()
  }, 60_000)
  afterAll(() => server?.stop(), 20_000)

  it('env is the ServeHandlerInfo (remoteAddr), ctx the stand-in', async () => {
    const response = await fetch(`${server.origin}/platform/detail`)
    const detail = (await response.json()) as PlatformDetail
    expect(detail.runtime).toBe('fetch')
    expect(detail.env).toMatchObject({ remoteAddr: 'object' })
    expect(detail.remoteAddress).toBe('127.0.0.1')
    expect(detail.ctx).toEqual({
      waitUntil: 'function',
      passThroughOnException: 'undefined',
    })
  })
})
