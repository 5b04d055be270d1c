/**
 * The one way the core and every adapter write a log line: a logger that throws (a
 * transport that is down, a JSON logger meeting a circular error, `console` meeting
 * an error whose `stack` getter throws) never changes an answer, rejects a handler or
 * ends the process.
 *
 * @module
 */
import type { Logger } from '../logger.js'
import { isThenable } from './thenable.js'

/** A logger method's name. */
export type Level = keyof Logger

/**
 * Calls `logger[level](message, ...details)`, never throwing. When the call throws
 * with details, the line is tried once more without them (what fails is most often
 * the rendering of the error), then dropped. A promise the method returns has its
 * rejection caught, so an async logger cannot leave an unhandled rejection either.
 *
 * @param logger - Any object with the method; a `Pick` of `Logger` will do.
 * @param level - `debug`, `info`, `warn` or `error`.
 * @param message - The line.
 * @param details - The error and anything else the logger should see.
 */
export function log<L extends Level>(
  logger: Pick<Logger, L>,
  level: L,
  message: string,
  ...details: unknown[]
): void {
  if (attempt(logger, level, message, details) || details.length === 0) return
  attempt(logger, level, message, [])
}

/** One call; `true` when it returned. */
function attempt<L extends Level>(
  logger: Pick<Logger, L>,
  level: L,
  message: string,
  details: unknown[],
): boolean {
  try {
    const result: unknown = logger[level](message, ...details)
    // Reading `then` may throw as well: inside the try.
    if (isThenable(result)) result.then(undefined, () => {})
    return true
  } catch {
    return false
  }
}

/**
 * An error's message for a log line, never throwing: `message` when it is a string,
 * else the value as text, else `an unprintable value`.
 */
export function messageOf(error: unknown): string {
  try {
    const message: unknown = (error as { message?: unknown } | null | undefined)
      ?.message
    return typeof message === 'string' ? message : String(error)
  } catch {
    return 'an unprintable value'
  }
}
