/**
 * How `common()` tells a complete body from a streaming one (ST6): bodies of other
 * shapes than bytes are passed on for `Response` to refuse, and on a runtime whose own
 * complete bodies cannot be read at once (workerd), bodies are left alone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHandler, type Handler } from '../../../../src/index.js'
import { common } from '../../../../src/middleware/index.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('common(): bodies that are not bytes', () => {
  it('a body whose first chunk is a string: no Content-Length, and reading it fails as Response makes it fail', async () => {
    const handler = createHandler({
      middleware: [common()],
      view: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue('not bytes')
              controller.close()
            },
          }),
        ),
      logger: quiet,
    })
    const response = await handler(new Request('http://localhost/page/'))
    expect(response.headers.has('content-length')).toBe(false)
    await expect(response.text()).rejects.toThrow(TypeError)
  })
})

describe('common() on a runtime whose bodies are not readable at once (workerd)', () => {
  it('the probe finds it out once; bodies then go out untouched, without Content-Length', async () => {
    // Fresh modules, so that the probe (kept per module) runs again, and runs while
    // `Response` makes bodies whose first read waits for an event loop turn.
    vi.resetModules()
    const { canPeek } =
      await import('../../../../src/middleware/common/known-length.js')
    const { common: freshCommon } =
      await import('../../../../src/middleware/common/index.js')
    const Real = globalThis.Response
    vi.stubGlobal('Response', function Slow(this: unknown, body: string) {
      const bytes = new TextEncoder().encode(String(body))
      return new Real(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 1))
            controller.enqueue(bytes)
            controller.close()
          },
        }),
      )
    })
    const probing = canPeek()
    vi.unstubAllGlobals()
    expect(await probing).toBe(false)
    expect(await canPeek()).toBe(false)

    const page = new Response('complete body')
    const view: Handler = async () => page
    const response = await freshCommon()(view)(new Request('http://localhost/page/'))
    expect(response).toBe(page)
    expect(response.headers.has('content-length')).toBe(false)
    expect(await response.text()).toBe('complete body')
  })

  it('on Node the same probe finds bodies readable at once', async () => {
    vi.resetModules()
    const { canPeek } =
      await import('../../../../src/middleware/common/known-length.js')
    expect(await canPeek()).toBe(true)
  })
})
