/**
 * The one status table and the one bodyless rule (src/internal/status.ts), which every
 * adapter and built-in uses.
 */
import { describe, expect, it } from 'vitest'
import {
  forbidsContent,
  isBodyless,
  reasonPhrase,
} from '../../../src/internal/status.js'

describe('reasonPhrase: RFC 9110’s names', () => {
  it.each([
    [200, 'OK'],
    [304, 'Not Modified'],
    [413, 'Content Too Large'],
    [422, 'Unprocessable Content'],
    [431, 'Request Header Fields Too Large'],
    [500, 'Internal Server Error'],
  ])('%i: %s', (status, phrase) => {
    expect(reasonPhrase(status)).toBe(phrase)
  })

  it('names no unregistered status', () => {
    expect(reasonPhrase(599)).toBeUndefined()
    expect(reasonPhrase(299)).toBeUndefined()
  })
})

describe('forbidsContent and isBodyless: 1xx, 204, 205, 304, and HEAD', () => {
  it.each([100, 101, 103, 204, 205, 304])('%i never carries content', (status) => {
    expect(forbidsContent(status)).toBe(true)
    expect(isBodyless('GET', status)).toBe(true)
  })

  it.each([200, 201, 206, 301, 404, 500])('%i may', (status) => {
    expect(forbidsContent(status)).toBe(false)
    expect(isBodyless('GET', status)).toBe(false)
    expect(isBodyless('POST', status)).toBe(false)
  })

  it('a response to HEAD carries none, whatever its status', () => {
    expect(isBodyless('HEAD', 200)).toBe(true)
    expect(isBodyless('HEAD', 500)).toBe(true)
  })
})
