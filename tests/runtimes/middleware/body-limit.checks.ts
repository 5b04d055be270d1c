/** `bodyLimit(100)` over real HTTP, with declared lengths and chunked uploads. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

function chunked(sizes: readonly number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const size of sizes) controller.enqueue(new Uint8Array(size).fill(97))
      controller.close()
    },
  })
}

export const bodyLimitChecks: MiddlewareChecks = (url) => {
  const post = (body: string | ReadableStream<Uint8Array>) =>
    fetch(url('/body-limit'), { method: 'POST', body, duplex: 'half' } as RequestInit)

  it('bodyLimit: a Content-Length within the limit passes, over it is a 413 (RFC 9110 §15.5.14)', async () => {
    const small = await post('a'.repeat(100))
    expect(small.status).toBe(200)
    expect(await small.text()).toBe('got 100 bytes')
    const large = await post('a'.repeat(101))
    expect(large.status).toBe(413)
    expect((await large.text()).trim()).toBe('413 Content Too Large')
  })

  it('bodyLimit: a chunked upload is counted as it is read: 413 past the limit', async () => {
    const small = await post(chunked([40, 40]))
    expect(await small.text()).toBe('got 80 bytes')
    // One write: the server answers 413 and stops reading, and may close the
    // connection then, so a client still writing would see EPIPE instead.
    const large = await post(chunked([180]))
    expect(large.status).toBe(413)
    await large.text()
  })
}
