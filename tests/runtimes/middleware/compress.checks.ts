/**
 * `compress()` over real HTTP. The client (undici's fetch) decodes gzip and deflate
 * itself, as a browser would, so these read decoded text and the response headers.
 */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

const TEXT = 'compressible text, '.repeat(100)

export const compressChecks: MiddlewareChecks = (url) => {
  const get = (path: string, acceptEncoding: string) =>
    fetch(url(path), { headers: { 'accept-encoding': acceptEncoding } })

  it('compress: gzip with Vary, no Content-Length and a weak ETag (ST4, RFC 9110 §8.8.3)', async () => {
    const response = await get('/compress/text', 'gzip')
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('vary')).toBe('Accept-Encoding')
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('etag')).toBe('W/"v1"')
    expect(await response.text()).toBe(TEXT)
  })

  it('compress: deflate when the client prefers it (RFC 9110 §12.5.3 q-values)', async () => {
    const response = await get('/compress/text', 'gzip;q=0.5, deflate')
    expect(response.headers.get('content-encoding')).toBe('deflate')
    expect(await response.text()).toBe(TEXT)
  })

  it('compress: identity only, small bodies and images are sent as they are', async () => {
    const identity = await get('/compress/text', 'identity')
    expect(identity.headers.get('content-encoding')).toBeNull()
    expect(identity.headers.get('vary')).toBe('Accept-Encoding')
    expect(await identity.text()).toBe(TEXT)
    const small = await get('/compress/small', 'gzip')
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('tiny')
    const png = await get('/compress/png', 'gzip')
    expect(png.headers.get('content-encoding')).toBeNull()
    expect(await png.text()).toBe(TEXT)
  })

  for (const coding of ['gzip', 'deflate']) {
    it(`compress: ${coding} streams: the first part decodes before the source produces the second (ST2, ST4.5)`, async () => {
      const id = `${coding}-${Math.random().toString(36).slice(2)}`
      const response = await get(`/compress/stream/${id}`, coding)
      expect(response.headers.get('content-encoding')).toBe(coding)
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
      let text = ''
      while (!text.includes(TEXT)) {
        const { done, value } = await reader.read()
        if (done) break
        text += value
      }
      expect(text).toBe(`first: ${TEXT}`) // decoded while the source waits
      await (await fetch(url(`/compress/release/${id}`))).text()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        text += value
      }
      expect(text).toBe(`first: ${TEXT}second: released`)
    })
  }
}
