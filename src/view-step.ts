/**
 * The innermost step of a stack (Django's `_get_response`): the hook pipeline (resolve,
 * `processView`, the view, `processException`, `processTemplateResponse` and
 * rendering, in src/internal/hook-pipeline.ts) with the view's error boundary built in.
 *
 * @module
 */
import { react, settle } from './boundary.js'
import { responseForError, type ErrorContext } from './error-response.js'
import {
  answered,
  NO_ARGS,
  NO_KWARGS,
  throughView,
  viewName,
  type Ending,
  type ViewHooks,
  type ViewSource,
} from './internal/hook-pipeline.js'
import { isResponse } from './internal/response.js'
import { isRenderable } from './response-like.js'
import type { Resolver, View } from './types.js'

/**
 * The inner handler of a stack, with the view's error boundary built in (one async
 * step per request fewer than a separate boundary): from the request to a `Response`,
 * never rejecting. A template response that `processException` gave after `render()`
 * failed is rendered, and anything else that is not a `Response` settled, as a layer
 * boundary does (`The view`).
 */
export function viewStep(
  target: { readonly view: View<any> } | { readonly resolve: Resolver<any> },
  hooks: ViewHooks,
  context: ErrorContext,
): (request: unknown) => Promise<Response> {
  // Read by value, not by key: `{ resolve, view: undefined }` is a resolver.
  const { view, resolve } = target as { view?: View<any>; resolve?: Resolver<any> }
  // A single view is a match made once, at build time.
  const source: ViewSource = view === undefined ? resolve! : { view }
  const end: Ending<Response> = {
    settle: (response, request) => settle(response, request, 'The view', context),
    failed: (error, request) => responseForError(error, request, context),
  }
  const full = (request: unknown) => throughView(request, source, hooks, end)
  if (view === undefined) return full
  // A single view with no `processView` or `processException` hook in the way (most
  // stacks) is called here, its answer taken in one promise reaction: no async frame.
  // Hooks are collected after this step is built, so the check is made per request.
  const who = viewName(view)
  const call = (request: unknown) => view(request, NO_ARGS, NO_KWARGS)
  return (request) => {
    if (hooks.processView.length > 0 || hooks.processException.length > 0) {
      return full(request)
    }
    return react(
      call,
      request,
      (response) =>
        !isRenderable(response) && isResponse(response)
          ? response
          : answered(request, response, who, hooks, end),
      (error) => end.failed(error, request),
    )
  }
}
