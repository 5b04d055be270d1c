/** `bodyLimit(100)` behind a real server: the view reads the body and says its size. */
import { createHandler } from '../../../src/index.js'
import { bodyLimit } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const bodyLimitCase: MiddlewareCase = {
  prefix: '/body-limit',
  handler: createHandler({
    middleware: [bodyLimit(100)],
    view: async (request) => new Response(`got ${(await request.text()).length} bytes`),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  }),
}
