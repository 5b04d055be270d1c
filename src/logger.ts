/**
 * The logger contract and the default: `console`, with debug messages dropped unless
 * `debug` is on.
 *
 * @module
 */

/**
 * A console-like logger; each method receives a message string first, then optional
 * details (the error, for uncaught exceptions). A call that throws is tried once more
 * without the details, then dropped, and a promise it returns has its rejection
 * caught: a failing logger never changes an answer or ends the process.
 *
 * @example
 * ```ts
 * import type { Logger } from 'shallot'
 *
 * const lines: string[] = []
 * const logger: Logger = {
 *   debug: (message) => lines.push(`debug ${message}`),
 *   info: (message) => lines.push(`info ${message}`),
 *   warn: (message) => lines.push(`warn ${message}`),
 *   error: (message) => lines.push(`error ${message}`),
 * }
 * ```
 */
export interface Logger {
  /** Build-time notes (`MiddlewareNotUsed`); called only when `debug` is on. */
  debug(message: string, ...details: unknown[]): void
  /** Informational lines; the core itself does not log at this level. */
  info(message: string, ...details: unknown[]): void
  /** Client errors: a 4xx response (`Not Found: GET /path`). */
  warn(message: string, ...details: unknown[]): void
  /** Server errors: a 5xx response, with the error as the first detail if any. */
  error(message: string, ...details: unknown[]): void
}

/** The logger a stack uses: debug messages reach it only when `debug` is on. */
export function stackLogger(logger: Logger = console, debug = false): Logger {
  // Inherit the other methods, so a class-based logger keeps its `this`.
  return debug ? logger : Object.assign(Object.create(logger) as Logger, { debug() {} })
}
