/**
 * The response helpers `text`, `json`, `html` and `redirect`. Conformance first: the
 * same observations of every `Response` member (response-conformance.ts) made on a
 * real `Response` and on a helper's must agree. The same checks run on workerd, Deno
 * and Bun through tests/runtimes.
 */
import { describe, expect, it } from 'vitest'
import { html, json, redirect, text } from '../../src/index.js'
import { checks, mismatches, observe } from './response-conformance.js'

const real = (body: string, init?: ResponseInit) => {
  const headers = new Headers(init?.headers)
  if (!headers.has('content-type'))
    headers.set('content-type', 'text/plain; charset=utf-8')
  return new Response(body, { ...init, headers })
}

describe('a helper response behaves as a real Response', () => {
  for (const check of checks) {
    it(check.name, async () => {
      expect(await observe(check, text)).toEqual(await observe(check, real))
    })
  }

  it('the shared list of checks agrees too (what the runtimes run)', async () => {
    expect(await mismatches(text)).toEqual([])
    expect(await mismatches((body, init) => html(body, init))).toEqual([])
  })
})

describe('text(), html(), json()', () => {
  it('set their Content-Type unless init names one, and keep init', async () => {
    expect(text('a').headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(html('<p>').headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(json(1).headers.get('content-type')).toBe('application/json')
    const custom = text('a', { headers: { 'Content-Type': 'text/csv' } })
    expect(custom.headers.get('content-type')).toBe('text/csv')
    const made = json(
      { a: 1 },
      { status: 201, statusText: 'Made', headers: [['x-a', '1']] },
    )
    expect([made.status, made.statusText, made.headers.get('x-a')]).toEqual([
      201,
      'Made',
      '1',
    ])
    expect(await made.json()).toEqual({ a: 1 })
    const plain = html('x', { headers: { 'x-b': '2' } })
    expect([plain.status, plain.statusText]).toEqual([200, ''])
  })

  it('take a Response as init, as new Response(body, init) does', async () => {
    const from = new Response(null, {
      status: 202,
      statusText: 'Later',
      headers: { 'x-a': '1' },
    })
    const r = text('queued', from)
    expect([r.status, r.statusText, r.headers.get('x-a')]).toEqual([202, 'Later', '1'])
    expect(await r.text()).toBe('queued')
  })

  it('json() of a value JSON cannot represent throws TypeError', () => {
    expect(() => json(undefined)).toThrow(
      new TypeError('json() takes a value JSON can represent, got undefined.'),
    )
    expect(() => json(() => 1)).toThrow(/got a function/)
    expect(() => json(1n)).toThrow(TypeError)
    expect(json(null).status).toBe(200)
  })

  it('a body that is not a string throws TypeError naming the helper', () => {
    expect(() => text(42 as never)).toThrow(
      new TypeError('text() takes the body as a string, got a number.'),
    )
    expect(() => html(new Uint8Array() as never)).toThrow(
      'html() takes the body as a string, got an instance of Uint8Array.',
    )
  })

  it('a status without a body or out of range throws as new Response does', () => {
    expect(() => text('x', { status: 204 })).toThrow(TypeError)
    expect(() => json({}, { status: 304 })).toThrow(TypeError)
    expect(() => html('x', { status: 700 })).toThrow(RangeError)
  })

  it('every body member works once body was asked for (the stream owns it then)', async () => {
    const parsed = json({ a: 1 })
    void parsed.body
    expect(await parsed.json()).toEqual({ a: 1 })
    const buffer = text('ab')
    void buffer.body
    expect([...new Uint8Array(await buffer.arrayBuffer())]).toEqual([97, 98])
    const copy = text('cd')
    void copy.body
    expect(await copy.clone().text()).toBe('cd')
    const form = text('a=1', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    void form.body
    expect((await form.formData()).get('a')).toBe('1')
    expect(form.bodyUsed).toBe(true)
    await expect(form.blob()).rejects.toThrow(TypeError)
  })
})

describe('redirect()', () => {
  it('is a 302 with Location by default, relative URLs allowed, headers mutable', async () => {
    const r = redirect('/login?next=/cart')
    expect(r).toBeInstanceOf(Response)
    expect([r.status, r.headers.get('location'), r.body]).toEqual([
      302,
      '/login?next=/cart',
      null,
    ])
    r.headers.set('x-a', '1')
    expect(await r.text()).toBe('')
  })

  it('takes 301, 303, 307 and 308, and a URL object', () => {
    for (const status of [301, 303, 307, 308]) {
      expect(redirect('https://example.com/', status).status).toBe(status)
    }
    expect(redirect(new URL('https://example.com/a b')).headers.get('location')).toBe(
      'https://example.com/a%20b',
    )
  })

  it('percent-encodes characters outside ASCII as UTF-8', () => {
    expect(redirect('/café?q=ü').headers.get('location')).toBe('/caf%C3%A9?q=%C3%BC')
  })

  it('refuses a status that does not redirect with a RangeError', () => {
    expect(() => redirect('/', 200)).toThrow(
      new RangeError('redirect() status must be 301, 302, 303, 307 or 308, got 200.'),
    )
    expect(() => redirect('/', 304)).toThrow(RangeError)
    expect(() => redirect('/', '301' as never)).toThrow('got "301"')
  })

  it('refuses a URL that is not a string or URL, or that would split the header', () => {
    expect(() => redirect(undefined as never)).toThrow(
      new TypeError('redirect() takes a string or a URL, got undefined.'),
    )
    expect(() => redirect('/a\r\nset-cookie: x=1')).toThrow(TypeError)
  })
})
