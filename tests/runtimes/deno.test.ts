/**
 * The shared HTTP suite on the real Deno binary (npm `deno`, pinned in package.json):
 * the stack bundled with a `Deno.serve` entry, on 127.0.0.1 and a port Deno picks.
 * Deno runs with network access to 127.0.0.1 only and nothing else, never prompts,
 * and resolves no remote, npm or jsr module: the bundle is self-contained.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleEntry } from './bundle.js'
import { describeServed, platformDetail, served } from './served.js'
import { spawnRuntime } from './spawn.js'
import { expect, it } from 'vitest'
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
  const port = runtime.waitFor(/listening on (\d+)/, 15_000).then((match) => match[1]!)
  return served(runtime, port, dir)
}

httpSuite('Deno', start, { platform: 'fetch', streams: true })

describeServed('platform objects on Deno', start, (server) => {
  it('env is the ServeHandlerInfo (remoteAddr), ctx the stand-in', async () => {
    const detail = await platformDetail(server())
    expect(detail.runtime).toBe('fetch')
    expect(detail.env).toMatchObject({ remoteAddr: 'object' })
    expect(detail.remoteAddress).toBe('127.0.0.1')
    expect(detail.ctx).toEqual({
      waitUntil: 'function',
      passThroughOnException: 'undefined',
    })
  })
})
