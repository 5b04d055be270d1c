/**
 * One request through an old-style stack: Django 1.9's `BaseHandler.get_response`
 * (semantics.md, rules O4–O17). The request phase (`processRequest`, resolution,
 * `processView`, the view, `processException`, template responses) sits in one `try`
 * whose errors are converted once (O12); then every `processResponse` runs (O13), and
 * an error among them is always a 500 (O15).
 *
 * @module
 */
import {
  isRenderable,
  isResponseLike,
  NotAResponse,
  responseForError,
  type ErrorContext,
  type ResponseLike,
} from '../../src/index.js'
import {
  checked,
  renderTemplate,
  throughView,
  type Ending,
  type Named,
  type ViewHooks,
  type ViewSource,
} from '../../src/internal/hook-pipeline.js'
import { isBodyless } from '../../src/internal/status.js'
import type { Hooks } from './hooks.js'

type Hook<K extends keyof Hooks> = NonNullable<Hooks[K]>

/**
 * The hooks of an old-style stack, in the order they run (O3): the view's hooks, run
 * by the pipeline the core runs too, and the two that only old style calls itself.
 */
export interface OldStyleHooks extends ViewHooks {
  /** List order. */
  readonly processRequest: Named<Hook<'processRequest'>>[]
  /** Reverse list order. */
  readonly processResponse: Named<Hook<'processResponse'>>[]
}

/** What `render()` gave: a `Response`, not another template response. */
function rendered(value: unknown): Response {
  if (value instanceof Response || (isResponseLike(value) && !isRenderable(value))) {
    return value
  }
  throw new NotAResponse('render()', value)
}

/**
 * The pipeline's answer is kept as it is for `processResponse`, and its errors reach
 * the one `try` of the request phase (O12).
 */
const KEEP: Ending<ResponseLike> = {
  settle: (response) => response,
  failed: (error) => {
    throw error
  },
}

/**
 * O4–O11: `processRequest` in list order (a response skips everything up to
 * `processResponse`, but a template response from it still goes through
 * `processTemplateResponse`, S22), then the view's pipeline: resolution,
 * `processView`, the view, `processException` (which sees only the view's errors and
 * `render()`'s, O9), template responses.
 */
async function answer(
  request: Request,
  hooks: OldStyleHooks,
  source: ViewSource,
): Promise<ResponseLike> {
  for (const { owner, hook } of hooks.processRequest) {
    const response: unknown = await hook(request)
    if (response == null) continue
    const early = checked(response, `${owner}.processRequest`)
    return isRenderable(early) ? renderTemplate(request, early, hooks) : early
  }
  return throughView(request, source, hooks, KEEP)
}

/**
 * O16: HEAD requests and 1xx, 204, 205 and 304 responses (the one bodyless rule of
 * every adapter) leave with no body. The body is cancelled, never read: it may be a
 * stream with no end.
 */
function withoutBody(request: Request, response: Response): Response {
  const { body, status } = response
  if (body === null || !isBodyless(request.method, status)) return response
  // A locked body (someone is reading it) refuses to be cancelled; it is theirs then.
  body.cancel().catch(() => {})
  return new Response(null, {
    status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * The handler of an old-style stack: from the request to exactly one `Response`, never
 * rejecting.
 */
export function oldStyleHandler(
  hooks: OldStyleHooks,
  source: ViewSource,
  context: ErrorContext,
): (request: Request) => Promise<Response> {
  return async (request) => {
    let response: ResponseLike
    try {
      response = await answer(request, hooks, source)
    } catch (error) {
      // O12, with the core's mapping. Django 1.9 returned DEBUG's SuspiciousOperation
      // page from here, skipping processResponse (S44); shallot does not (semantics.md §7.3).
      response = await responseForError(error, request, context)
    }
    try {
      // O13: every processResponse, including those of classes whose processRequest
      // never ran.
      for (const { owner, hook } of hooks.processResponse) {
        response = checked(
          await hook(request, response as Response),
          `${owner}.processResponse`,
        )
      }
      // O17: a template response still unrendered (one from processResponse, or from
      // processException after render() failed) is rendered without
      // processTemplateResponse. A `Response` that also has `render` is sent as it is,
      // as the core's boundaries do.
      const final =
        isRenderable(response) && !(response instanceof Response)
          ? await response.render()
          : response
      return withoutBody(request, rendered(final))
    } catch (error) {
      // O15: whatever was thrown, the remaining processResponse hooks are skipped and
      // the answer is a 500. Django 1.9 did not apply the body fixes (O16) to it.
      return responseForError(error, request, context, 500)
    }
  }
}
