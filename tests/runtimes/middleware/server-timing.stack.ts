/**
 * `serverTiming` and `timed` over real HTTP: a timed layer, a view that sets its own
 * metric, and a streamed body.
 */
import { createHandler, type Middleware } from '../../../src/index.js'
import { serverTiming, timed } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

const waits: Middleware = (getResponse) => async (request) => {
  // A timer, so that the clock advances on workerd too.
  await new Promise((resolve) => setTimeout(resolve, 5))
  return getResponse(request)
}

export const serverTimingCase: MiddlewareCase = {
  prefix: '/server-timing',
  handler: createHandler({
    middleware: [serverTiming({ description: 'whole stack' }), timed('auth', waits)],
    view: (request) => {
      if (new URL(request.url).pathname === '/server-timing/stream') {
        const chunks = ['one ', 'two ', 'three']
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            const chunk = chunks.shift()
            if (chunk === undefined) controller.close()
            else controller.enqueue(new TextEncoder().encode(chunk))
          },
        })
        return new Response(body)
      }
      return new Response('timed', { headers: { 'server-timing': 'db;dur=1.5' } })
    },
  }),
}
