/**
 * The demo's own domain error. It is not an `HttpError`, so on its own it would
 * become a 500; the legacy hook class in `middleware/legacy-powered-by.ts` turns it
 * into a 409.
 *
 * @module
 */

/** Raised when a change collides with a newer one (an edit on a stale copy). */
export class ConflictError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ConflictError'
  }
}
