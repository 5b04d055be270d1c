/**
 * The debug line for a middleware that left itself out with `MiddlewareNotUsed` (D6):
 * one wording for `createHandler` and `legacyStack`.
 *
 * @module
 */
import type { MiddlewareNotUsed } from '../errors.js'

/** Django's line: `MiddlewareNotUsed: Auth`, or `MiddlewareNotUsed(Auth): <reason>`. */
export function notUsedMessage(name: string, error: MiddlewareNotUsed): string {
  return error.message === ''
    ? `MiddlewareNotUsed: ${name}`
    : `MiddlewareNotUsed(${name}): ${error.message}`
}
