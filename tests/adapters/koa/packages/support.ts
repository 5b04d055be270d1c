/**
 * For the tests of Koa packages under `fromKoa`: a shallot stack served by
 * `shallot/node` on 127.0.0.1 (closed after each test), reached with a real client.
 */
import { createHandler, type Middleware, type View } from 'shallot'
import { go, quiet, serverPerTest } from '../../node/support.js'

export { go }

/** Call at the top of a test file: `serve(middleware, view)` resolves with its URL. */
export function koaServer(): (
  middleware: Middleware[],
  view?: View,
) => Promise<string> {
  const start = serverPerTest()
  return (middleware, view = () => new Response('from the view')) =>
    start(createHandler({ middleware, view, logger: quiet }))
}
