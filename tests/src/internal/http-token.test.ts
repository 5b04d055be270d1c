/** RFC 9110 §5.6.2: a token is one or more tchar. */
import { describe, expect, it } from 'vitest'
import { isToken } from '../../../src/internal/http-token.js'

describe('isToken', () => {
  it.each(['GET', 'x-request-id', "!#$%&'*+-.^_`|~", 'a1'])(
    '%s is a token',
    (value) => {
      expect(isToken(value)).toBe(true)
    },
  )

  it.each(['', 'x y', 'a,b', 'a:b', '"q"', 'é', 'a\n', 3, null, undefined])(
    '%o is not',
    (value) => {
      expect(isToken(value)).toBe(false)
    },
  )
})
