/**
 * Django's `TemplateResponse`: a response whose template and context stay mutable
 * until it is rendered, so `processTemplateResponse` hooks can change them.
 *
 * @module
 */
// Nothing is imported from types.ts: it names `TemplateResponse` in `ResponseLike`,
// so this file stays below it (no import cycle).
import { lazyResponse } from './internal/lazy-response.js'

/**
 * Anything with a callable `render()` that yields a `Response`: a template response,
 * by Django's duck typing (`TemplateResponse` is one).
 */
export interface Renderable {
  /** Produces the final `Response`; called once, after the template hooks. */
  render(): Response | Promise<Response>
}

/** Renders a template response's context to its body. */
export type Template<Context> = (context: Context) => string | Promise<string>

/**
 * A not-yet-rendered response (not a `Response` subclass). The view returns it;
 * every `processTemplateResponse` hook may change `template`, `context`, `status` or
 * `headers`, or replace it; then the stack calls `render()` once.
 *
 * @example
 * ```ts
 * import { TemplateResponse } from 'shallot'
 *
 * const page = new TemplateResponse((c: { name: string }) => `<h1>Hello ${c.name}</h1>`, {
 *   name: 'world',
 * })
 * page.context.name = 'shallot'
 * const response = await page.render()
 * console.log(await response.text()) // <h1>Hello shallot</h1>
 * ```
 */
export class TemplateResponse<Context = Record<string, unknown>> implements Renderable {
  /** Turns the context into the body; may be replaced until `render()`. */
  template: Template<Context>
  /** The data the template renders; may be mutated or replaced until `render()`. */
  context: Context
  /** The status of the rendered response (default 200). */
  status: number
  /** The status text of the rendered response. */
  statusText: string
  /**
   * The headers of the rendered response. `Content-Type` defaults to
   * `text/html; charset=utf-8` when not set.
   */
  readonly headers: Headers
  #rendered: Promise<Response> | undefined

  /**
   * @param template - `(context) => string | Promise<string>`.
   * @param context - The data for the template.
   * @param init - `status`, `statusText` and `headers`, as for `new Response()`.
   */
  constructor(template: Template<Context>, context: Context, init: ResponseInit = {}) {
    this.template = template
    this.context = context
    this.status = init.status ?? 200
    this.statusText = init.statusText ?? ''
    this.headers = new Headers(init.headers)
    if (!this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/html; charset=utf-8')
    }
  }

  /** Whether `render()` has been called. */
  get isRendered(): boolean {
    return this.#rendered !== undefined
  }

  /**
   * Renders the template with the context into a `Response`. The first call renders;
   * later calls return the same promise.
   *
   * @returns The rendered `Response`.
   * @throws Whatever the template throws (the promise rejects).
   */
  render(): Promise<Response> {
    return (this.#rendered ??= this.#render())
  }

  async #render(): Promise<Response> {
    const body = await this.template(this.context)
    const init = {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    }
    // The helpers' path for text with a type: no body stream until someone asks. A
    // template that yields no string, or a type a hook removed (which `new Response`
    // fills in), goes the plain way.
    return typeof body === 'string' && this.headers.has('content-type')
      ? lazyResponse(body, init)
      : new Response(body, init)
  }
}
