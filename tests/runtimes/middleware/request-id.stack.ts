/** `requestId` over real HTTP: the default options, and a redirect (immutable headers). */
import { createHandler } from '../../../src/index.js'
import { requestId } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const requestIdCase: MiddlewareCase = {
  prefix: '/request-id',
  handler: createHandler({
    middleware: [requestId()],
    view: (request) =>
      new URL(request.url).pathname === '/request-id/redirect'
        ? Response.redirect('http://127.0.0.1/next', 302)
        : new Response(`id ${request.requestId}`),
  }),
}
