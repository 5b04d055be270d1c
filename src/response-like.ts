/**
 * What counts as a response, and the error for a value that does not.
 *
 * @module
 */
import { describe } from './internal/describe.js'
import { isResponse } from './internal/response.js'
import type { Renderable } from './template-response.js'
import type { ResponseLike } from './types.js'

/**
 * Whether a value is a template response still to be rendered. Django's rule: anything
 * with a callable `render` is one, a `TemplateResponse` or a `Response` subclass alike.
 *
 * @param value - Anything a view or hook returned.
 * @returns `true` for an object with a callable `render`; `false` when reading
 *   `render` throws (such an object is not a response either).
 *
 * @example
 * ```ts
 * import { TemplateResponse, isRenderable } from 'shallot'
 *
 * console.log(isRenderable(new TemplateResponse(() => 'hi', {}))) // true
 * console.log(isRenderable(new Response('hi'))) // false
 * ```
 */
export function isRenderable(value: unknown): value is Renderable {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { render?: unknown }).render === 'function'
    )
  } catch {
    return false
  }
}

/**
 * Whether a value counts as a response: a `Response` (from any realm or copy of the
 * Fetch classes: `instanceof Response`, or branded `[object Response]` as undici's and
 * workerd's are), or a template response still to be rendered (anything with a
 * callable `render`, Django's rule). Views, hooks and layers must return one of these;
 * anything else, a plain object shaped like a response included, becomes a 500
 * (`NotAResponse`).
 *
 * @param value - Anything a view, hook or layer returned.
 * @returns `true` for a `Response` or a renderable object.
 *
 * @example
 * ```ts
 * import { TemplateResponse, isResponseLike } from 'shallot'
 *
 * console.log(isResponseLike(new Response('ok'))) // true
 * console.log(isResponseLike(new TemplateResponse(() => 'hi', {}))) // true
 * console.log(isResponseLike({ status: 200, headers: new Headers() })) // false
 * ```
 */
export function isResponseLike(value: unknown): value is ResponseLike {
  return isResponse(value) || isRenderable(value)
}

/**
 * The error for a view, hook or layer that had to return a response and returned
 * something else; it becomes a 500 at the next boundary, with this message in the log
 * (and in the body when `debug` is on).
 *
 * @example
 * ```ts
 * import { NotAResponse } from 'shallot'
 *
 * const error = new NotAResponse('The view home', undefined)
 * console.log(error.message) // The view home didn't return a Response object. It returned undefined instead.
 * ```
 */
export class NotAResponse extends TypeError {
  /**
   * @param who - Who had to return a response: `The view home`, `Auth.processResponse`,
   *   `Middleware timing`.
   * @param value - What came instead.
   */
  constructor(who: string, value: unknown) {
    super(
      `${who} didn't return a Response object. It returned ${describe(value)} instead.`,
    )
    this.name = 'NotAResponse'
  }
}
