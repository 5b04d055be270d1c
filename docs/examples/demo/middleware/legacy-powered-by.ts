/**
 * A hook-style class as an older codebase wrote it (Django's `MiddlewareMixin` style,
 * camelCase), carried into the new-style stack unchanged by `fromHooks` in
 * `../stack.ts`.
 *
 * @module
 */
import type { TemplateResponse } from 'shallot'
import { ConflictError } from '../errors.js'

export class PoweredByMiddleware {
  /** Runs on every response that comes back through this layer, errors included. */
  processResponse(
    _request: Request,
    response: Response | TemplateResponse<any>,
  ): Response | TemplateResponse<any> {
    response.headers.set('x-powered-by', 'shallot')
    return response
  }

  /**
   * Runs when a view raises. A `ConflictError` becomes a 409; anything else is left to
   * the next hook out, then to the stack's own conversion (404, 500, ...).
   */
  processException(_request: Request, error: unknown): Response | undefined {
    if (!(error instanceof ConflictError)) return undefined
    return new Response(`409 Conflict\n\n${error.message}\n`, {
      status: 409,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
}
