/**
 * The one mechanism behind platform objects and provided data: slots beside the
 * request, the request's own properties, and what `carry` and `deriveRequest` give a
 * derived request.
 */
import { describe, expect, it } from 'vitest'
import {
  attach,
  carry,
  deriveRequest,
  read,
  requestSlot,
} from '../../../src/internal/request-data.js'
import { carryRequestData, provide } from '../../../src/index.js'

const request = (path = '/') => new Request(new URL(path, 'http://localhost'))

describe('slots', () => {
  it('read gives what attach kept for that request only', () => {
    const slot = requestSlot<{ id: number }>('test')
    const one = request()
    const value = { id: 1 }
    attach(one, slot, value)
    expect(read(one, slot)).toBe(value)
    expect(read(request(), slot)).toBeUndefined()
  })

  it('a request that holds its own value is asked first', () => {
    const holder = request()
    const slot = requestSlot<string>('held', (r) => (r === holder ? 'own' : undefined))
    attach(holder, slot, 'attached')
    expect(read(holder, slot)).toBe('own')
    const other = request()
    attach(other, slot, 'attached')
    expect(read(other, slot)).toBe('attached')
  })
})

describe('carry', () => {
  it('gives the derived request every slot and the provided string keys', () => {
    const slot = requestSlot<string>('carried')
    const empty = requestSlot<string>('never attached')
    const secret = Symbol('runtime state')
    const original = provide(request(), { user: 'ada', [secret]: 1 })
    attach(original, slot, 'platform')
    const derived = carry(original, request('/derived'))
    expect(read(derived, slot)).toBe('platform')
    expect(read(derived, empty)).toBeUndefined()
    expect((derived as unknown as { user: string }).user).toBe('ada')
    expect(secret in derived).toBe(false)
  })

  it('keeps a property the derived request already has', () => {
    const original = provide(request(), { user: 'ada' })
    const derived = provide(request('/derived'), { user: 'grace' })
    expect(carry(original, derived).user).toBe('grace')
  })

  it('onto the same request is a no-op', () => {
    const original = provide(request(), { user: 'ada' })
    expect(carry(original, original)).toBe(original)
  })

  it('deriveRequest: new Request(input, init) with everything carried', () => {
    const slot = requestSlot<string>('derived')
    const original = provide(request(), { user: 'ada' })
    attach(original, slot, 'platform')
    const derived = deriveRequest(original, 'http://localhost/next', { method: 'HEAD' })
    expect([derived.method, derived.url, read(derived, slot)]).toEqual([
      'HEAD',
      'http://localhost/next',
      'platform',
    ])
    expect((derived as unknown as { user: string }).user).toBe('ada')
  })

  it('carryRequestData (public) types the derived request with what was provided', () => {
    const original = provide(request(), { user: 'ada' })
    const derived = carryRequestData(original, new Request(original.url))
    const user: string = derived.user
    expect(user).toBe('ada')
  })
})
