/**
 * Django's `xframe_options_exempt`, for Fetch responses: a mark on the response object
 * that `securityHeaders()` reads.
 *
 * @module
 */
import { describe } from './describe.js'

// Keyed by object: nothing is added to the response or sent to the client.
const frameExempt = new WeakSet<Response>()

/**
 * Marks a response so that `securityHeaders()` sends no `X-Frame-Options` with it:
 * Django's `xframe_options_exempt`, for the one page that must be framed. A view can
 * also set `X-Frame-Options` itself; an existing header is never replaced.
 *
 * The mark belongs to the response object. The built-in layers carry it to the copies
 * they make, but a layer of your own between the view and `securityHeaders()` that
 * replaces the response (`new Response(body, response)`) drops it: exempt the copy
 * too, or put that layer outside `securityHeaders()`.
 *
 * @param response - The response to exempt.
 * @returns The same response.
 * @throws TypeError when `response` is not an object (a forgotten `new Response`).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { exemptFromFrameOptions, securityHeaders } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [securityHeaders()],
 *   view: () => exemptFromFrameOptions(new Response('<p>embed me</p>')),
 * })
 * const response = await handler(new Request('https://example.com/widget'))
 * console.log(response.headers.has('x-frame-options')) // false
 * ```
 */
export function exemptFromFrameOptions<R extends Response>(response: R): R {
  if (typeof response !== 'object' || response === null) {
    throw new TypeError(
      `exemptFromFrameOptions() takes the response to exempt, got ${describe(response)}.`,
    )
  }
  frameExempt.add(response)
  return response
}

/** Whether `response` was marked by `exemptFromFrameOptions`. */
export function isFrameExempt(response: Response): boolean {
  return frameExempt.has(response)
}

/** Carries the mark to a copy, for the built-in layers that replace a response. */
export function carryFrameExemption(from: Response, to: Response): Response {
  if (frameExempt.has(from)) frameExempt.add(to)
  return to
}
