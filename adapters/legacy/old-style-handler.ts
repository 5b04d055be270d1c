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
  NotFound,
  responseForError,
  type ErrorContext,
  type MaybePromise,
  type Renderable,
  type Resolved,
  type ResponseLike,
  type TemplateResponse,
  type ViewArgs,
  type ViewKwargs,
} from '../../src/index.js'
import type { Hooks } from './hooks.js'

/** A bound hook with the name of its class, for "X.processResponse didn't return". */
export interface Named<F> {
  readonly owner: string
  readonly hook: F
}

type Hook<K extends keyof Hooks> = NonNullable<Hooks[K]>

/** The hooks of an old-style stack, in the order they run (O3). */
export interface OldStyleHooks {
  /** List order. */
  readonly processRequest: Named<Hook<'processRequest'>>[]
  /** List order. */
  readonly processView: Named<Hook<'processView'>>[]
  /** Reverse list order. */
  readonly processTemplateResponse: Named<Hook<'processTemplateResponse'>>[]
  /** Reverse list order. */
  readonly processResponse: Named<Hook<'processResponse'>>[]
  /** Reverse list order. */
  readonly processException: Named<Hook<'processException'>>[]
}

/** URL resolution: a match, or nothing for a 404 (O5). */
export type Target = (request: Request) => MaybePromise<Resolved | null | undefined>

const NO_ARGS: ViewArgs = Object.freeze([])
const NO_KWARGS: ViewKwargs = Object.freeze({})

/** A hook or view that answered must have answered with a response (O10, O14). */
function checked(value: unknown, who: string): ResponseLike {
  if (isResponseLike(value)) return value
  throw new NotAResponse(who, value)
}

/** What `render()` gave: a `Response`, not another template response. */
function rendered(value: unknown): Response {
  if (value instanceof Response || (isResponseLike(value) && !isRenderable(value))) {
    return value
  }
  throw new NotAResponse('render()', value)
}

/**
 * `process_exception_by_middleware` (O8): the first response wins; with none, the
 * original error is thrown again. A hook that throws propagates at once (S30).
 */
async function handleException(
  request: Request,
  error: unknown,
  hooks: OldStyleHooks['processException'],
): Promise<ResponseLike> {
  for (const { owner, hook } of hooks) {
    const response: unknown = await hook(request, error)
    if (response != null) return checked(response, `${owner}.processException`)
  }
  throw error
}

/**
 * O4–O10: `processRequest` in list order (a response skips everything up to
 * `processResponse`), resolution, `processView`, the view. Only the view's errors
 * reach `processException` (O9).
 */
async function answer(
  request: Request,
  hooks: OldStyleHooks,
  target: Target,
): Promise<ResponseLike> {
  for (const { owner, hook } of hooks.processRequest) {
    const response: unknown = await hook(request)
    if (response != null) return checked(response, `${owner}.processRequest`)
  }
  const match = await target(request)
  if (match == null) throw new NotFound('No URL matched the request.')
  const { view, args = NO_ARGS, kwargs = NO_KWARGS } = match
  for (const { owner, hook } of hooks.processView) {
    const response: unknown = await hook(request, view, args, kwargs)
    if (response != null) return checked(response, `${owner}.processView`)
  }
  let response: unknown
  try {
    response = await view(request, args, kwargs)
  } catch (error) {
    return handleException(request, error, hooks.processException)
  }
  return checked(response, `The view ${view.name || 'anonymous'}`)
}

/**
 * O11: whichever step made a template response, `processTemplateResponse` runs in
 * reverse list order, each result checked, then it is rendered; an error while
 * rendering goes to `processException`. As in the core (N10), a hook that answers with
 * a plain `Response` ends the chain: it is taken as already rendered.
 */
async function renderTemplate(
  request: Request,
  template: Renderable,
  hooks: OldStyleHooks,
): Promise<ResponseLike> {
  let response: ResponseLike = template
  for (const { owner, hook } of hooks.processTemplateResponse) {
    if (!isRenderable(response)) return response
    response = checked(
      await hook(request, response as TemplateResponse<any>),
      `${owner}.processTemplateResponse`,
    )
  }
  if (!isRenderable(response)) return response
  let result: unknown
  try {
    result = await response.render()
  } catch (error) {
    // Django 1.9 counted the response as rendered even when processException answered
    // this with a template response, which then left unrendered; here it is rendered
    // at the end (O17) like any other.
    return handleException(request, error, hooks.processException)
  }
  return checked(result, 'render()')
}

/**
 * O16: HEAD requests and 204/304 responses leave with no body. The body is cancelled,
 * never read: it may be a stream with no end. A Fetch `Response` cannot carry a 1xx
 * status (its constructor refuses one), so Django's 1xx case has nothing to do here.
 */
function withoutBody(request: Request, response: Response): Response {
  const { body, status } = response
  const empty = request.method === 'HEAD' || status === 204 || status === 304
  if (body === null || status < 200 || !empty) return response
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
  target: Target,
  context: ErrorContext,
): (request: Request) => Promise<Response> {
  return async (request) => {
    let response: ResponseLike
    try {
      response = await answer(request, hooks, target)
      if (isRenderable(response)) {
        response = await renderTemplate(request, response, hooks)
      }
    } catch (error) {
      // O12, with the core's mapping. Django 1.9 returned DEBUG's SuspiciousOperation
      // page from here, skipping processResponse (S44); shallot does not (semantics.md §7.3).
      response = responseForError(error, request, context)
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
