/**
 * The one guarded log call of the core and the adapters: a logger that throws, or
 * returns a rejected promise, never reaches the caller; a line whose details cannot be
 * written goes out without them. And `messageOf`, an error's message that never throws.
 */
import { describe, expect, it } from 'vitest'
import { log, messageOf } from '../../../src/internal/log.js'
import {
  circularError,
  errorWithThrowing,
  jsonLinesLogger,
  rejectingLogger,
  throwingLogger,
} from '../../support/hostile.js'
import { recordingLogger } from '../../support/index.js'

describe('log', () => {
  it('passes the message and details on to the level asked for', () => {
    const logger = recordingLogger()
    const error = new Error('boom')
    log(logger, 'error', 'line', error, 2)
    log(logger, 'warn', 'other')
    expect(logger.records).toEqual([
      { level: 'error', message: 'line', details: [error, 2] },
      { level: 'warn', message: 'other', details: [] },
    ])
  })

  it('keeps the logger as `this`', () => {
    const lines: string[] = []
    class Sink {
      readonly prefix = '>'
      debug() {}
      info() {}
      warn(message: string) {
        lines.push(`${this.prefix} ${message}`)
      }
      error() {}
    }
    log(new Sink(), 'warn', 'kept')
    expect(lines).toEqual(['> kept'])
  })

  it('a logger that throws on every call: tried with the details, then without, then dropped', () => {
    const logger = throwingLogger()
    expect(() => log(logger, 'error', 'line', new Error('x'))).not.toThrow()
    expect(logger.calls).toBe(2)
    expect(() => log(logger, 'warn', 'no details')).not.toThrow()
    expect(logger.calls).toBe(3)
  })

  it('a detail the logger cannot write: the line goes out without it', () => {
    const logger = jsonLinesLogger()
    log(logger, 'error', 'line', circularError())
    expect(logger.lines).toEqual(['["error","line"]'])
  })

  it('a logger returning a rejected promise leaves no unhandled rejection', async () => {
    log(rejectingLogger(), 'error', 'line', new Error('x'))
    // An unhandled rejection would fail the run here.
    await new Promise((resolve) => setTimeout(resolve, 5))
  })

  it('a logger whose method is missing or whose result has a throwing `then`', () => {
    expect(() =>
      log({} as unknown as ReturnType<typeof recordingLogger>, 'warn', 'line'),
    ).not.toThrow()
    const odd = {
      warn: () =>
        Object.defineProperty({}, 'then', {
          get() {
            throw new Error('then')
          },
        }),
    }
    expect(() => log(odd, 'warn', 'line')).not.toThrow()
  })
})

describe('messageOf', () => {
  it('an error’s message, a value as text, or a fallback when neither can be read', () => {
    expect(messageOf(new Error('boom'))).toBe('boom')
    expect(messageOf(undefined)).toBe('undefined')
    expect(messageOf({ message: 42 })).toBe('[object Object]')
    expect(messageOf(errorWithThrowing('message'))).toBe('an unprintable value')
  })
})
