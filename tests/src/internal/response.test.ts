/**
 * What counts as a `Response` (src/internal/response.ts): one realm's or another's,
 * never a plain object shaped like one.
 */
import { describe, expect, it } from 'vitest'
import { isResponse } from '../../../src/internal/response.js'
import { otherRealmResponse, responseShapedObject } from '../../support/index.js'

describe('isResponse', () => {
  it('a Response of this realm, a subclass included', () => {
    expect(isResponse(new Response('ok'))).toBe(true)
    expect(isResponse(new (class extends Response {})('ok'))).toBe(true)
  })

  it('a Response of another copy of the Fetch classes: branded [object Response]', () => {
    const other = otherRealmResponse('ok')
    expect(other instanceof Response).toBe(false)
    expect(isResponse(other)).toBe(true)
  })

  it('not a plain object with status and headers.get', () => {
    expect(isResponse(responseShapedObject())).toBe(false)
  })

  it.each([undefined, null, 'ok', 200, {}, new Request('http://localhost/')])(
    'not %s',
    (value) => {
      expect(isResponse(value)).toBe(false)
    },
  )
})
