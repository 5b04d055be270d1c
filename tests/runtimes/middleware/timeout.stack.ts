/**
 * `timeout(100)` behind a real server. `/timeout/slow/<id>` waits 2 s unless its
 * `timeoutSignal` aborts, and records that it did; `/timeout/aborted/<id>` tells.
 */
import { createHandler } from '../../../src/index.js'
import { timeout } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

const aborted = new Map<string, string>()

export const timeoutCase: MiddlewareCase = {
  prefix: '/timeout',
  handler: createHandler({
    middleware: [timeout(100)],
    view: (request) => {
      const [, , kind = '', id = ''] = new URL(request.url).pathname.split('/')
      if (kind === 'aborted') return new Response(aborted.get(id) ?? 'no')
      if (kind === 'stream') {
        // Answers at once, then streams for longer than the deadline: not cut.
        const encoder = new TextEncoder()
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            for (const part of ['a', 'b', 'c']) {
              controller.enqueue(encoder.encode(part))
              await new Promise((resolve) => setTimeout(resolve, 100))
            }
            controller.close()
          },
        })
        return new Response(body)
      }
      if (kind === 'fast') return new Response('fast')
      return new Promise<Response>((resolve) => {
        const timer = setTimeout(() => resolve(new Response('slow')), 2_000)
        request.timeoutSignal.addEventListener('abort', () => {
          clearTimeout(timer)
          aborted.set(id, (request.timeoutSignal.reason as DOMException).name)
          resolve(new Response('stopped'))
        })
      })
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  }),
}
