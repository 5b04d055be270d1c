/**
 * Typed enrichment: add data to the request for the layers inside, and carry it (with
 * the adapters' platform objects) to a request a layer derives.
 *
 * @module
 */
import { carry } from './internal/request-data.js'

/**
 * Adds `data`'s properties to `request` and returns it typed with them, so inner
 * layers and the view can read them (Django's `request.session = ...`). The request
 * object itself is changed; nothing is copied.
 *
 * A request a layer builds itself (`new Request(request, init)`) starts plain: pass it
 * through {@link carryRequestData} to keep what was provided. The built-ins that derive
 * a request (`bodyLimit`, `common`) carry it themselves.
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

/**
 * Gives `derived`, a request a layer built from `original` (`new Request(original,
 * init)`, a new URL, a new body), everything attached to `original`: the values
 * `provide` added (own string-keyed properties; one `derived` already has is kept) and
 * the adapters' platform objects, so `nodePlatform`, `lambdaPlatform` and
 * `fetchPlatform` answer for `derived` as for `original`. `bodyLimit` and `common` do
 * this for the requests they derive; a plain `new Request` or `clone()` carries
 * nothing.
 *
 * @param original - The request the layer received.
 * @param derived - The request it passes on.
 * @returns `derived`, typed with what was provided on `original`.
 * @throws Nothing.
 *
 * @example
 * ```ts
 * import { carryRequestData, createHandler, provide, type Middleware } from 'shallot'
 *
 * const session: Middleware<{}, { session: string }> = (getResponse) => (request) =>
 *   getResponse(provide(request, { session: 's-1' }))
 * const trace: Middleware<{ session: string }> = (getResponse) => (request) => {
 *   const headers = new Headers(request.headers)
 *   headers.set('x-trace', '1')
 *   return getResponse(carryRequestData(request, new Request(request.url, { headers })))
 * }
 * const handler = createHandler({
 *   middleware: [session, trace],
 *   view: (request) => new Response(`${request.session} ${request.headers.get('x-trace')}`),
 * })
 * console.log(await (await handler(new Request('http://localhost/'))).text()) // s-1 1
 * ```
 */
export function carryRequestData<R extends Request, D extends Request>(
  original: R,
  derived: D,
): D & Omit<R, keyof Request> {
  return carry(original, derived) as D & Omit<R, keyof Request>
}
