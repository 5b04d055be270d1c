/**
 * The accessor adapters use to send a helper response's text without a stream, and
 * the plain `Response` the fetch adapter hands to runtimes that read internal slots.
 */
import { describe, expect, it } from 'vitest'
import { json, text } from '../../../src/index.js'
import { platformResponse, takeHeldText } from '../../../src/internal/held-body.js'

describe('takeHeldText', () => {
  it('gives the text once, and the response counts as read', async () => {
    const r = text('hello')
    expect(takeHeldText(r)).toBe('hello')
    expect(r.bodyUsed).toBe(true)
    expect(takeHeldText(r)).toBeUndefined()
    await expect(r.text()).rejects.toThrow(TypeError)
  })

  it('gives nothing once body was asked for, nor for any other response', () => {
    const r = text('hello')
    void r.body
    expect(takeHeldText(r)).toBeUndefined()
    expect(takeHeldText(new Response('hello'))).toBeUndefined()
  })

  it('no body stream exists in the real slots until body is asked for', () => {
    // Node 20 and 22 show the slot under a `state` symbol; elsewhere nothing to see.
    const state = Reflect.ownKeys(new Response()).find(
      (key): key is symbol => typeof key === 'symbol' && key.description === 'state',
    )
    const r = json({ a: 1 })
    if (state !== undefined) {
      const slots = (response: Response) =>
        (response as unknown as Record<symbol, { body?: unknown }>)[state]!.body
      expect(slots(new Response('x'))).toBeTruthy()
      expect(slots(r)).toBeFalsy()
    }
    expect(takeHeldText(r)).toBe('{"a":1}')
  })
})

describe('platformResponse', () => {
  it('leaves a plain Response as it is', () => {
    const r = new Response('x')
    expect(platformResponse(r)).toBe(r)
  })

  it('copies a helper response into a plain one: status, text, headers, body', async () => {
    const r = text('héllo', {
      status: 201,
      statusText: 'Made',
      headers: { 'x-a': '1' },
    })
    const plain = platformResponse(r)
    expect(Object.getPrototypeOf(plain)).toBe(Response.prototype)
    expect([plain.status, plain.statusText, [...plain.headers]]).toEqual([
      201,
      'Made',
      [
        ['content-type', 'text/plain; charset=utf-8'],
        ['x-a', '1'],
      ],
    ])
    // What a runtime reading the internal slots gets.
    expect(await Response.prototype.text.call(plain)).toBe('héllo')
  })

  it('keeps a deleted Content-Type deleted', async () => {
    const r = text('raw')
    r.headers.delete('content-type')
    const plain = platformResponse(r)
    expect(plain.headers.has('content-type')).toBe(false)
    expect(await plain.text()).toBe('raw')
  })

  it('carries a stream someone asked for, and throws for a body already read', async () => {
    const asked = text('streamed')
    void asked.body
    expect(await platformResponse(asked).text()).toBe('streamed')
    const read = text('gone')
    await read.text()
    expect(() => platformResponse(read)).toThrow(TypeError)
  })
})
