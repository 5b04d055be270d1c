/**
 * What counts as a response, and how to name the values that don't, for messages
 * that say what came instead.
 *
 * @module
 */
import type { Renderable, ResponseLike } from './types.js'

/**
 * Whether a value is a template response still to be rendered. Django's rule: anything
 * with a callable `render` is one, a `TemplateResponse` or a `Response` subclass alike.
 *
 * @param value - Anything a view or hook returned.
 * @returns `true` for an object with a callable `render`.
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
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { render?: unknown }).render === 'function'
  )
}

/**
 * A `Response` from another copy of the Fetch classes (a bundled undici, another
 * realm) fails `instanceof Response`; it is still a response if it has one's shape.
 */
export function isForeignResponse(value: unknown): value is Response {
  const candidate = value as Partial<Response> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'number' &&
    typeof candidate.headers?.get === 'function' &&
    'body' in candidate
  )
}

/**
 * Whether a value counts as a response: a `Response` (from any copy of the Fetch
 * classes), or a template response still to be rendered (anything with a callable
 * `render`, Django's rule). Views, hooks and layers must return one of these; anything
 * else becomes a 500 (`NotAResponse`).
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
 * console.log(isResponseLike({ body: 'ok' })) // false
 * ```
 */
export function isResponseLike(value: unknown): value is ResponseLike {
  return value instanceof Response || isRenderable(value) || isForeignResponse(value)
}

/** `undefined`, `null`, or the value's type, for "It returned X instead." */
export function describe(value: unknown): string {
  if (value == null) return String(value) // `undefined` or `null`
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name
    return typeof name === 'string' && name !== '' && name !== 'Object'
      ? `an instance of ${name}`
      : 'an object'
  }
  return `a ${typeof value}` // `a function` included
}

/** The function or class name a message should use, `anonymous` when it has none. */
export function nameOf(value: Function): string {
  // `name` may have been redefined as something else than a string.
  const { name } = value as { name: unknown }
  return typeof name === 'string' && name !== '' ? name : 'anonymous'
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
