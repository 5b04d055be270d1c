/**
 * The shared HTTP suite on the real workerd binary (npm `workerd`, pinned in
 * package.json): the stack bundled as a Workers module, served on 127.0.0.1 and a
 * port workerd picks, read from its `--control-fd` channel.
 */
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { describeServed, platformDetail } from './served.js'
import { httpSuite } from './suite.js'
import { startWorkerd } from './workerd-server.js'

const entry = fileURLToPath(new URL('entries/workerd.ts', import.meta.url))
const start = () => startWorkerd(entry)

httpSuite('workerd', start, { platform: 'fetch', streams: true })

describeServed('platform objects on workerd', start, (server) => {
  it('env is the bindings, ctx the ExecutionContext', async () => {
    const detail = await platformDetail(server())
    expect(detail.runtime).toBe('fetch')
    expect(detail.greeting).toBe('hello from workerd')
    expect(detail.ctx).toEqual({
      waitUntil: 'function',
      passThroughOnException: 'function',
    })
  })
})
