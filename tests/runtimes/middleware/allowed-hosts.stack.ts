/** `allowedHosts()` behind a real server: the suite's own host allowed, any other refused. */
import { createHandler } from '../../../src/index.js'
import { allowedHosts } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const allowedHostsCase: MiddlewareCase = {
  prefix: '/allowed-hosts',
  handler: createHandler({
    middleware: [allowedHosts(['127.0.0.1', '.example.com'])],
    view: () => new Response('ok'),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  }),
}
