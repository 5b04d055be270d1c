/**
 * The `Allow` header a 405 error page carries.
 *
 * @module
 */
import { MethodNotAllowed } from '../errors.js'

/** `GET, HEAD` for a `MethodNotAllowed`; `undefined` for anything else, or if asking throws. */
export function allowOf(error: unknown): string | undefined {
  try {
    return error instanceof MethodNotAllowed ? error.allowed.join(', ') : undefined
  } catch {
    return undefined
  }
}
