/** The built-in middleware behind `shallot/node`, served in this process. */
import { serve } from 'shallot/node'
import { middlewareSuite } from './middleware-suite.js'
import { dispatch } from './middleware/stacks.js'

middlewareSuite('node', async () => {
  const server = serve(dispatch(), { port: 0, hostname: '127.0.0.1' })
  server.server.unref()
  const { port } = await server.ready
  return { origin: `http://127.0.0.1:${port}`, stop: () => server.close(1_000) }
})
