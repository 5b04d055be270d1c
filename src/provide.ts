/**
 * Typed enrichment: add data to the request for the layers inside.
 *
 * @module
 */

/**
 * Adds `data`'s properties to `request` and returns it typed with them, so inner
 * layers and the view can read them (Django's `request.session = ...`). The request
 * object itself is changed; nothing is copied.
 *
 * A layer that builds a new request (`new Request(request, init)`) starts from a plain
 * `Request`: provide the data again on the new object.
 *
 * @param request - The request a layer received.
 * @param data - The properties to add.
 * @returns The same request, typed as `R & D`.
 *
 * @example
 * ```ts
 * import { provide, type Middleware } from 'shallot'
 *
 * const requestId: Middleware<{}, { requestId: string }> = (getResponse) => (request) =>
 *   getResponse(provide(request, { requestId: crypto.randomUUID() }))
 * ```
 */
export function provide<R extends Request, D extends object>(
  request: R,
  data: D,
): R & D {
  return Object.assign(request, data)
}
