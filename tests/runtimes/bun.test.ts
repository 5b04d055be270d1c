/**
 * The shared HTTP suite on the real Bun binary (npm `bun`, pinned in package.json):
 * the stack bundled with a `Bun.serve` entry, on 127.0.0.1 and a port Bun picks.
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
  const port = runtime.waitFor(/listening on (\d+)/, 15_000).then((match) => match[1]!)
  return served(runtime, port, dir)
}

httpSuite('Bun', start, { platform: 'fetch', streams: true })

describeServed('platform objects on Bun', start, (server) => {
  it('env is the Server (requestIP works with the original request), ctx the stand-in', async () => {
    const detail = await platformDetail(server())
    expect(detail.runtime).toBe('fetch')
    expect(detail.env).toMatchObject({ requestIP: 'function', upgrade: 'function' })
    expect(detail.remoteAddress).toBe('127.0.0.1')
    expect(detail.ctx).toEqual({
      waitUntil: 'function',
      passThroughOnException: 'undefined',
    })
  })
})
