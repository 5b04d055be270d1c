/**
 * Values and loggers that break whoever reads them: errors whose `stack`, `name` or
 * `message` getter throws, an object whose `inspect.custom` throws, objects whose
 * `status` or `render` getter throws, a Proxy whose `getPrototypeOf` trap throws, a
 * circular error, and loggers that throw (always, or only on what they cannot render).
 * For the "never rejects, never ends the process" tests of the core and the adapters.
 */
import { format } from 'node:util'
import type { Logger } from '../../src/index.js'

/** What a getter or trap throws here. */
export const HOSTILE = 'hostile getter'

const boom = (): never => {
  throw new Error(HOSTILE)
}

/** An `Error` whose `key` getter throws. */
export function errorWithThrowing(key: 'stack' | 'name' | 'message'): Error {
  const error = new Error('hostile error')
  Object.defineProperty(error, key, { get: boom, configurable: true })
  return error
}

/** An object that `util.inspect` (so `console`) cannot print. */
export function uninspectable(): object {
  return { [Symbol.for('nodejs.util.inspect.custom')]: boom }
}

/** A Proxy whose `getPrototypeOf` trap throws: `instanceof` on it throws. */
export function prototypeTrap(): object {
  return new Proxy({}, { getPrototypeOf: boom })
}

/** An error that refers to itself, as many HTTP client errors do. */
export function circularError(): Error {
  const error = new Error('circular') as Error & { self?: unknown; request?: unknown }
  error.self = error
  error.request = { error }
  return error
}

/** The hostile values a layer or view may throw. */
export const HOSTILE_THROWN = [
  'stack',
  'name',
  'message',
  'inspect',
  'proxy',
  'circular',
] as const

export type HostileThrown = (typeof HOSTILE_THROWN)[number]

export function hostileThrown(kind: HostileThrown): unknown {
  switch (kind) {
    case 'inspect':
      return uninspectable()
    case 'proxy':
      return prototypeTrap()
    case 'circular':
      return circularError()
    default:
      return errorWithThrowing(kind)
  }
}

/** The hostile values a layer or view may return instead of a response. */
export const HOSTILE_RETURNED = [
  'status',
  'render',
  'branded-status',
  'proxy',
  'tag',
] as const

export type HostileReturned = (typeof HOSTILE_RETURNED)[number]

export function hostileReturned(kind: HostileReturned): unknown {
  switch (kind) {
    case 'status':
      return Object.defineProperty({}, 'status', { get: boom, enumerable: true })
    case 'render':
      return Object.defineProperty({}, 'render', { get: boom, enumerable: true })
    case 'branded-status':
      // Branded as a Response of another realm, but nothing can be read from it.
      return Object.defineProperties(
        {},
        {
          [Symbol.toStringTag]: { value: 'Response' },
          status: { get: boom },
          headers: { get: boom },
          body: { get: boom },
        },
      )
    case 'proxy':
      return prototypeTrap()
    case 'tag':
      return Object.defineProperty({}, Symbol.toStringTag, { get: boom })
  }
}

/** A logger whose every method throws, as one whose transport is down. */
export function throwingLogger(): Logger & { calls: number } {
  const logger = {
    calls: 0,
    debug: fail,
    info: fail,
    warn: fail,
    error: fail,
  }
  function fail(): never {
    logger.calls++
    throw new Error('the log transport is down')
  }
  return logger
}

/** A logger whose every method returns a rejected promise. */
export function rejectingLogger(): Logger {
  const fail = () => Promise.reject(new Error('the log transport is down'))
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- says that promise-returning methods stand where Logger's return void, on purpose
  return { debug: fail, info: fail, warn: fail, error: fail } as unknown as Logger
}

/**
 * A JSON-lines logger: each call becomes `JSON.stringify([level, message, ...details])`,
 * which throws on a circular detail and on a getter that throws.
 */
export function jsonLinesLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write =
    (level: string) =>
    (message: string, ...details: unknown[]): void =>
      void lines.push(JSON.stringify([level, message, ...details]))
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
}

/**
 * A logger that renders its arguments as `console` does (`util.format`, which inspects
 * an error's `name`, `message` and `stack` and calls `inspect.custom`) and keeps the
 * text instead of printing it. It throws wherever `console` would.
 */
export function consoleLikeLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write =
    (level: string) =>
    (...args: unknown[]): void =>
      void lines.push(`${level} ${format(...args)}`)
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
}

/** The hostile loggers a property test draws from. */
export const HOSTILE_LOGGERS = ['throwing', 'rejecting', 'json', 'console'] as const

export type HostileLogger = (typeof HOSTILE_LOGGERS)[number]

export function hostileLogger(kind: HostileLogger): Logger {
  switch (kind) {
    case 'throwing':
      return throwingLogger()
    case 'rejecting':
      return rejectingLogger()
    case 'json':
      return jsonLinesLogger()
    case 'console':
      return consoleLikeLogger()
  }
}
