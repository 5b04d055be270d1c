/** `common()` behind a real server: append slash, Content-Length for complete bodies. */
import { createHandler, NotFound } from '../../../src/index.js'
import { common } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

/** Three chunks, a few milliseconds apart: a body that is still being produced. */
function slowBody(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let sent = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (sent === 3) controller.close()
      else controller.enqueue(encoder.encode(`chunk${(sent += 1)};`))
    },
  })
}

export const commonCase: MiddlewareCase = {
  prefix: '/common',
  handler: createHandler({
    middleware: [common()],
    view: (request) => {
      switch (new URL(request.url).pathname) {
        case '/common/page/':
          return new Response('a page')
        case '/common/stream':
          return new Response(slowBody())
        default:
          throw new NotFound()
      }
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  }),
}
