/**
 * D6: a factory or class that raises `MiddlewareNotUsed` is logged at debug level in
 * Django's words; createHandler and legacyStack share the one wording.
 */
import { describe, expect, it } from 'vitest'
import { legacyStack } from '../../../adapters/legacy/index.js'
import { createHandler, MiddlewareNotUsed } from '../../../src/index.js'
import { notUsedMessage } from '../../../src/internal/not-used.js'
import { recordingLogger } from '../../support/index.js'

describe('notUsedMessage (D6)', () => {
  it('names the middleware, and the reason when there is one', () => {
    expect(notUsedMessage('Auth', new MiddlewareNotUsed())).toBe(
      'MiddlewareNotUsed: Auth',
    )
    expect(notUsedMessage('Auth', new MiddlewareNotUsed('no key'))).toBe(
      'MiddlewareNotUsed(Auth): no key',
    )
  })

  it('createHandler and legacyStack log the same line for the same class', () => {
    class Auth {
      constructor() {
        throw new MiddlewareNotUsed('no key')
      }
    }
    const view = () => new Response('ok')
    const fresh = recordingLogger()
    const old = recordingLogger()
    const factory = () => new Auth() as never
    Object.defineProperty(factory, 'name', { value: 'Auth' })
    createHandler({ middleware: [factory], view, debug: true, logger: fresh })
    legacyStack({ middleware: [Auth], view, debug: true, logger: old })
    const debugLines = (logger: typeof fresh) =>
      logger.at('debug').map((entry) => entry.message)
    expect(debugLines(fresh)).toContain('MiddlewareNotUsed(Auth): no key')
    expect(debugLines(old)).toEqual(debugLines(fresh))
  })
})
