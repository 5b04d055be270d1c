/**
 * `conditionalGet` over real HTTP: generated ETags, a view's Last-Modified, a stream
 * longer than the hashing limit, and `validators` guarding a PUT.
 */
import { createHandler, type Handler } from '../../../src/index.js'
import { conditionalGet } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

// The 412s are expected: keep their warnings out of the test output.
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

const afterView = createHandler({
  middleware: [conditionalGet({ maxBodyBytes: 1024 })],
  logger: quiet,
  view: (request) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/conditional-get/dated') {
      return new Response('dated', {
        headers: { 'last-modified': 'Thu, 01 Feb 2024 00:00:00 GMT', etag: '"d1"' },
      })
    }
    if (pathname === '/conditional-get/stream') {
      let sent = 0
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (sent === 3) return controller.close()
            sent += 1
            await new Promise((resolve) => setTimeout(resolve, 5))
            controller.enqueue(new TextEncoder().encode('x'.repeat(1000)))
          },
        }),
      )
    }
    return new Response('hello, conditional world')
  },
})

const guarded = createHandler({
  middleware: [conditionalGet({ validators: () => ({ etag: '"doc-7"' }) })],
  logger: quiet,
  view: (request) => new Response(`${request.method} done`),
})

const handler: Handler = (request) =>
  new URL(request.url).pathname === '/conditional-get/doc'
    ? guarded(request)
    : afterView(request)

export const conditionalGetCase: MiddlewareCase = {
  prefix: '/conditional-get',
  handler,
}
