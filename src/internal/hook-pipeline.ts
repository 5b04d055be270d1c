/**
 * The hook pipeline around a view, one for both styles: `processView`, the view,
 * `processException`, and a template response through `processTemplateResponse`
 * before it is rendered. The core's innermost step (`createHandler`, rules N7–N11) and
 * the old-style handler (`legacyStack`, rules O6–O11) both run it, so the two agree on
 * every step they share, and name views and hooks the same way in their messages.
 *
 * @module
 */
import { NotFound } from '../errors.js'
import { isRenderable, isResponseLike, NotAResponse } from '../response-like.js'
import type { Renderable } from '../template-response.js'
import type {
  MaybePromise,
  Resolved,
  Resolver,
  ResponseLike,
  View,
  ViewArgs,
  ViewKwargs,
} from '../types.js'
import { nameOf } from './describe.js'

/** The five hook names, camelCase, in the order Django documents them. */
export const HOOK_NAMES = [
  'processRequest',
  'processView',
  'processTemplateResponse',
  'processResponse',
  'processException',
] as const

/** One of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number]

/** A bound hook with the name of the layer or class it came from, for messages. */
export interface Named<F> {
  readonly owner: string
  readonly hook: F
}

// The request is `any`: each style types its own hooks; the pipeline only passes the
// request on.
type ViewHook = (
  request: any,
  view: View<any>,
  args: ViewArgs,
  kwargs: ViewKwargs,
) => unknown
type TemplateHook = (request: any, response: any) => unknown
type ExceptionHook = (request: any, error: unknown) => unknown

/** The hooks around a view, each list in the order it runs. */
export interface ViewHooks {
  /** Stack (list) order: outermost first (N6, O3). */
  readonly processView: Named<ViewHook>[]
  /** Innermost (last in the list) first. */
  readonly processTemplateResponse: Named<TemplateHook>[]
  /** Innermost (last in the list) first. */
  readonly processException: Named<ExceptionHook>[]
}

/**
 * Where the view comes from: one match for every request (made once, at build time),
 * or a resolver that finds it per request; no match is a 404 before any `processView`
 * (N7, O5, S39).
 */
export type ViewSource = Resolved<any> | Resolver<any>

/**
 * How a style ends the pipeline. `settle` takes an answer that is not a `Response` of
 * this realm (the core settles it as its boundary does; old style keeps it for
 * `processResponse`); `failed` takes what was thrown (the core converts it; old style
 * rethrows it to its own `try`, which also holds `processRequest`).
 */
export interface Ending<T> {
  readonly settle: (response: ResponseLike, request: unknown) => MaybePromise<T>
  readonly failed: (error: unknown, request: unknown) => MaybePromise<T>
}

/** The `args` and `kwargs` of a view matched without any. */
export const NO_ARGS: ViewArgs = Object.freeze([])
export const NO_KWARGS: ViewKwargs = Object.freeze({})

/**
 * How messages name a view: `The view <function name>`, `anonymous` when it has none
 * (contract: "The view <name> didn't return a Response object"; D7).
 */
export const viewName = (view: Function): string => `The view ${nameOf(view)}`

/** A view or hook that had to answer with a response must have (N9, O10, O14). */
export function checked(value: unknown, who: string): ResponseLike {
  if (isResponseLike(value)) return value
  throw new NotAResponse(who, value)
}

/**
 * Django's `process_exception_by_middleware`: the first response from a hook wins;
 * with none, the original error is thrown again (N8, O8). A hook that throws
 * propagates at once and no further hook runs (S30).
 */
async function handleException(
  request: unknown,
  error: unknown,
  hooks: ViewHooks['processException'],
): Promise<ResponseLike> {
  for (const { owner, hook } of hooks) {
    const response = await hook(request, error)
    if (response != null) return checked(response, `${owner}.processException`)
  }
  throw error
}

/**
 * Runs the `processTemplateResponse` hooks innermost first, each result checked
 * (N9, N10, O11), then renders; an error while rendering goes to `processException`
 * (S20). A hook may return a plain `Response`, taken as already rendered. A template
 * response from that `processException` is left to the caller, which renders it
 * without the hooks (the core's boundary, old style's final render, O17).
 */
export async function renderTemplate(
  request: unknown,
  template: Renderable,
  hooks: ViewHooks,
): Promise<ResponseLike> {
  let response: ResponseLike = template
  for (const { owner, hook } of hooks.processTemplateResponse) {
    if (!isRenderable(response)) return response
    response = checked(
      await hook(request, response),
      `${owner}.processTemplateResponse`,
    )
  }
  if (!isRenderable(response)) return response
  let rendered: unknown
  try {
    rendered = await response.render()
  } catch (error) {
    return handleException(request, error, hooks.processException)
  }
  return checked(rendered, 'render()')
}

/**
 * From the request to the view's answer: resolve, the `processView` hooks in stack
 * order (the first response skips the rest and the view), the view, its error to
 * `processException`, a template response through `processTemplateResponse` and
 * rendered. A `Response` is returned as it is, at once; anything else goes to
 * `end.settle`, and an error to `end.failed`.
 */
export async function throughView<T>(
  request: unknown,
  source: ViewSource,
  hooks: ViewHooks,
  end: Ending<T>,
): Promise<Response | T> {
  try {
    const match = typeof source === 'function' ? await source(request) : source
    if (match == null) throw new NotFound('No URL matched the request.')
    const { view, args = NO_ARGS, kwargs = NO_KWARGS } = match
    let response: unknown
    let owner: string | undefined
    for (const named of hooks.processView) {
      response = await named.hook(request, view, args, kwargs)
      if (response != null) {
        owner = named.owner
        break
      }
    }
    if (response == null) {
      try {
        response = await view(request, args, kwargs)
      } catch (error) {
        response = await handleException(request, error, hooks.processException)
      }
    }
    // N10: anything with a callable render, a Response subclass included, is a
    // template response; only then is a plain Response the fast path, and the
    // messages below are built only on the slow path.
    if (!isRenderable(response) && response instanceof Response) return response
    return await answered(
      request,
      response,
      owner ? `${owner}.processView` : viewName(view),
      hooks,
      end,
    )
  } catch (error) {
    return end.failed(error, request)
  }
}

/**
 * The rest of {@link throughView} once the view (or a `processView` hook, `who`) has
 * answered with something other than a plain `Response`: a template response through
 * `processTemplateResponse` and rendered, anything else checked (N9, N10); what is not
 * then a `Response` of this realm goes to `end.settle`, and an error to `end.failed`.
 * For a step that calls the view itself when no hook is in the way (the core's).
 */
export async function answered<T>(
  request: unknown,
  response: unknown,
  who: string,
  hooks: ViewHooks,
  end: Ending<T>,
): Promise<Response | T> {
  try {
    const settled = isRenderable(response)
      ? await renderTemplate(request, response, hooks)
      : checked(response, who)
    return settled instanceof Response ? settled : await end.settle(settled, request)
  } catch (error) {
    return end.failed(error, request)
  }
}
