/**
 * The innermost step of a stack (Django's `_get_response`): resolve the URL, run the
 * `processView` hooks, call the view, give its exception to `processException`, and
 * run a template response through `processTemplateResponse` before rendering it.
 *
 * @module
 */
import { settle } from './boundary.js'
import { responseForError, type ErrorContext } from './error-response.js'
import { NotFound } from './errors.js'
import { isRenderable, isResponseLike, nameOf, NotAResponse } from './response-like.js'
import type {
  LayerHooks,
  Renderable,
  Resolved,
  Resolver,
  ResponseLike,
  View,
  ViewArgs,
  ViewKwargs,
} from './types.js'

/** A hook with the name of the layer it came from, for "X.processTemplateResponse". */
export interface Named<F> {
  readonly owner: string
  readonly hook: F
}

type Hook<K extends keyof LayerHooks> = NonNullable<LayerHooks[K]>

/** The hooks `createHandler` collected from the layers, in the order they run. */
export interface CollectedHooks {
  /** Stack order (outermost first). */
  readonly processView: Named<Hook<'processView'>>[]
  /** Innermost first. */
  readonly processTemplateResponse: Named<Hook<'processTemplateResponse'>>[]
  /** Innermost first. */
  readonly processException: Named<Hook<'processException'>>[]
}

const NO_ARGS: ViewArgs = Object.freeze([])
const NO_KWARGS: ViewKwargs = Object.freeze({})

/**
 * Django's `process_exception_by_middleware`: the first response from a hook wins;
 * with none, the original error is thrown again (N8, O8). A hook that throws
 * propagates at once and no further hook runs (S30).
 */
async function handleException(
  request: unknown,
  error: unknown,
  hooks: CollectedHooks['processException'],
): Promise<ResponseLike> {
  for (const { owner, hook } of hooks) {
    const response = await hook(request as Request, error)
    if (response != null) return checked(response, `${owner}.processException`)
  }
  throw error
}

/** The view's or a hook's answer must be a response (N9). */
function checked(value: unknown, who: string): ResponseLike {
  if (isResponseLike(value)) return value
  throw new NotAResponse(who, value)
}

/**
 * Runs the `processTemplateResponse` hooks innermost first, each result checked
 * (N9, N10), then renders; an error while rendering goes to `processException`
 * (S20). A hook may return a plain `Response`, taken as already rendered. A template
 * response from `processException` is left to the boundary, which renders it.
 */
async function renderTemplate(
  request: unknown,
  template: Renderable,
  hooks: CollectedHooks,
): Promise<ResponseLike> {
  let response: ResponseLike = template
  for (const { owner, hook } of hooks.processTemplateResponse) {
    if (!isRenderable(response)) return response
    response = checked(
      await hook(request as Request, response),
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
 * The inner handler of a stack, with the view's error boundary built in (one async
 * step per request fewer than a separate boundary): from the request to a `Response`,
 * never rejecting.
 */
export function viewStep(
  target: { readonly view: View<any> } | { readonly resolve: Resolver<any> },
  hooks: CollectedHooks,
  context: ErrorContext,
): (request: unknown) => Promise<Response> {
  // A single view is a match made once, at build time.
  // Read by value, not by key: `{ resolve, view: undefined }` is a resolver.
  const { view: only, resolve } = target as {
    view?: View<any>
    resolve?: Resolver<any>
  }
  const single: Resolved<any> | undefined =
    only === undefined ? undefined : { view: only, args: NO_ARGS, kwargs: NO_KWARGS }
  return async (request) => {
    try {
      const match = single ?? (await resolve!(request))
      if (match == null) throw new NotFound('No URL matched the request.')
      const { view, args = NO_ARGS, kwargs = NO_KWARGS } = match
      let response: unknown
      let owner: string | undefined
      for (const named of hooks.processView) {
        response = await named.hook(request as Request, view, args, kwargs)
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
      if (isRenderable(response)) {
        response = await renderTemplate(request, response, hooks)
      } else if (response instanceof Response) {
        return response
      } else {
        const who = owner ? `${owner}.processView` : `The view ${nameOf(view)}`
        response = checked(response, who)
      }
      return response instanceof Response
        ? response
        : await settle(response, request, 'The view', context)
    } catch (error) {
      return responseForError(error, request, context)
    }
  }
}
