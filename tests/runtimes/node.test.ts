/**
 * The shared HTTP suite (suite.ts) against `shallot/node`: the shared stack served
 * in this process by `serve()` on 127.0.0.1, with a port the system picks.
 */
import { nodePlatform, serve } from 'shallot/node'
import { sharedStack } from './stack.js'
import { httpSuite } from './suite.js'

httpSuite(
  'node',
  async () => {
    const server = serve(
      sharedStack((request) => (nodePlatform(request) ? 'node' : 'none')),
      // Default options: the suite's 1 MiB upload is exactly the default limit.
      { port: 0, hostname: '127.0.0.1' },
    )
    // A server a failed test forgot must not keep the test process alive.
    server.server.unref()
    const { port } = await server.ready
    return {
      origin: `http://127.0.0.1:${port}`,
      stop: () => server.close(1_000),
    }
  },
  { platform: 'node', streams: true },
)
