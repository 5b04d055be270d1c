/**
 * Per-route stacks (Django's `decorator_from_middleware`): a route's `middleware`
 * runs around its view only, built by `createHandler`, so its layers get the same
 * error boundaries and hooks as the global stack's.
 *
 * @module
 */
import { createHandler } from '../handler.js'
import { nameOf } from '../internal/describe.js'
import { attach, read, requestSlot } from '../internal/request-data.js'
import type { StackSettings } from '../internal/stack-settings.js'
import type { AnyMiddleware, Resolver, View, ViewArgs, ViewKwargs } from '../types.js'

/** The route's args and kwargs, kept with the request across the route's stack. */
const matched = requestSlot<{ readonly args: ViewArgs; readonly kwargs: ViewKwargs }>(
  'URL match',
)

/**
 * The view `resolve` hands the global stack for a route with middleware: it runs the
 * route's stack, whose resolver hands the route's view the args and kwargs. A layer
 * that derives a request must carry what was attached (`carryRequestData`), as the
 * built-ins do; a request without the match is a 404.
 */
export function routeStack(
  view: View<any>,
  middleware: readonly AnyMiddleware[],
  settings: StackSettings,
): View<any> {
  const resolve: Resolver<any> = (request: object) => {
    const match = read(request, matched)
    return match && { view, ...match }
  }
  const handler = createHandler({
    ...settings,
    middleware,
    resolve,
  })
  const routed = (request: Request, args: ViewArgs, kwargs: ViewKwargs) => {
    attach(request, matched, { args, kwargs })
    return handler(request)
  }
  return Object.defineProperty(routed, 'name', { value: nameOf(view) })
}
