// The Allow header of a 405 page (RFC 9110 §15.5.6).
import { describe, expect, it } from 'vitest'
import { MethodNotAllowed, responseForError } from '../../../src/index.js'
import { allowOf } from '../../../src/internal/allow.js'
import { prototypeTrap } from '../../support/hostile.js'
import { recordingLogger } from '../../support/logger.js'

describe('allowOf', () => {
  it('lists the methods of a MethodNotAllowed, nothing for other errors', () => {
    expect(allowOf(new MethodNotAllowed(['GET', 'HEAD']))).toBe('GET, HEAD')
    expect(allowOf(new Error('x'))).toBeUndefined()
  })

  it('is undefined when asking throws (a Proxy whose prototype trap throws)', () => {
    expect(allowOf(prototypeTrap())).toBeUndefined()
  })

  it('puts Allow on the built-in 405 page', () => {
    const response = responseForError(
      new MethodNotAllowed(['POST']),
      new Request('http://localhost/'),
      { debug: false, logger: recordingLogger() },
    )
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST'])
  })
})
