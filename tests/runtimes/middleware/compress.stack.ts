/**
 * `compress()` behind a real server. `/compress/stream/<id>` produces its second part
 * only once `/compress/release/<id>` is called (or after 5 s, saying so), so a client
 * that decodes the first part before releasing proves the body streamed compressed.
 */
import { createHandler } from '../../../src/index.js'
import { compress } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

const gates = new Map<string, () => void>()
const TEXT = 'compressible text, '.repeat(100)

function released(id: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('gave up'), ms)
    gates.set(id, () => {
      clearTimeout(timer)
      resolve('released')
    })
  })
}

export const compressCase: MiddlewareCase = {
  prefix: '/compress',
  handler: createHandler({
    middleware: [compress()],
    view: (request) => {
      const [, , kind = '', id = ''] = new URL(request.url).pathname.split('/')
      if (kind === 'release') {
        gates.get(id)?.()
        gates.delete(id)
        return new Response('ok', { headers: { 'content-type': 'text/plain' } })
      }
      if (kind === 'stream') {
        const encoder = new TextEncoder()
        const gate = released(id, 5_000)
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode(`first: ${TEXT}`))
            controller.enqueue(encoder.encode(`second: ${await gate}`))
            controller.close()
          },
        })
        return new Response(body, { headers: { 'content-type': 'text/plain' } })
      }
      if (kind === 'small') {
        return new Response('tiny', { headers: { 'content-length': '4' } })
      }
      if (kind === 'png') {
        return new Response(TEXT, { headers: { 'content-type': 'image/png' } })
      }
      return new Response(TEXT, {
        headers: { 'content-type': 'text/plain; charset=utf-8', etag: '"v1"' },
      })
    },
  }),
}
