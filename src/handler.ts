/**
 * `createHandler`: Django's `BaseHandler.load_middleware` and the chain it builds.
 *
 * @module
 */
import { boundary, selfBounded } from './boundary.js'
import { applyFactory, assertFactories, partsOf } from './compose.js'
import { stackContext, type ErrorViews } from './error-response.js'
import { ImproperlyConfigured, MiddlewareNotUsed } from './errors.js'
import { nameOf } from './internal/describe.js'
import { checkedErrorViews } from './internal/error-views.js'
import { log } from './internal/log.js'
import { boundTarget } from './internal/stack-settings.js'
import { notUsedMessage } from './internal/not-used.js'
import type { ViewHooks } from './internal/hook-pipeline.js'
import { stackLogger, type Logger } from './logger.js'
import type { ProvidedBy, ValidOrder } from './order.js'
import type {
  AnyMiddleware,
  Handler,
  LayerHooks,
  Req,
  ViewOrResolver,
} from './types.js'
import { viewStep } from './view-step.js'

/** Options shared by every form of `createHandler`. */
export interface HandlerOptions {
  /**
   * Show error messages and stacks in error responses, and log debug messages
   * (`MiddlewareNotUsed`). Default `false`: error responses carry only the status and
   * its reason phrase. Must be `true` or `false` (or left out): a string such as
   * `process.env.DEBUG` fails the build, since `'false'` would otherwise turn it on.
   * With `debug: true` while `NODE_ENV` is `production` (read from `process.env` where
   * the runtime has one), the build logs one warning,
   * `createHandler() debug is on with NODE_ENV=production.`, and goes on.
   */
  readonly debug?: boolean | undefined
  /**
   * Where log lines go. Default `console`; debug lines only when `debug` is on. Each
   * answer of 400 or more is logged once; a logger that throws is ignored.
   */
  readonly logger?: Logger | undefined
  /**
   * Responses for exceptions by status, in place of the built-in error page (Django's
   * `handler404`, `handler500`, ...): `{ 404: (request, error) => Response }`. Used
   * wherever an exception becomes a response, at every layer. Keys are statuses from
   * 400 to 599. With `debug` on, the debug page answers instead, except for 403. A view
   * that throws or gives no `Response` is logged and the built-in page answers.
   */
  readonly errorViews?: ErrorViews | undefined
}

/** `createHandler`'s options: the stack, and exactly one of `view` and `resolve`. */
export type CreateHandlerOptions<
  Ms extends readonly AnyMiddleware[],
  R = Request,
> = HandlerOptions & {
  /** The middleware factories, outermost first. */
  readonly middleware: Ms
} & ViewOrResolver<R>

/** Where Node, Bun and Deno keep the environment. */
type WithEnv = {
  readonly process?: { readonly env: Record<string, string | undefined> }
}

/** Adds a layer's hooks to the collected lists, in Django's orders (N6). */
function collectHooks(hooks: ViewHooks, layer: LayerHooks, owner: string): void {
  if (typeof layer.processView === 'function') {
    hooks.processView.unshift({ owner, hook: layer.processView.bind(layer) })
  }
  if (typeof layer.processTemplateResponse === 'function') {
    hooks.processTemplateResponse.push({
      owner,
      hook: layer.processTemplateResponse.bind(layer),
    })
  }
  if (typeof layer.processException === 'function') {
    hooks.processException.push({ owner, hook: layer.processException.bind(layer) })
  }
}

/** Exactly one of `view` and `resolve`, and a function (read by value, not by key). */
function assertTarget(options: { view?: unknown; resolve?: unknown }): void {
  const { view, resolve } = options
  if (
    (view === undefined) === (resolve === undefined) ||
    typeof (view ?? resolve) !== 'function'
  ) {
    throw new ImproperlyConfigured(
      'createHandler() needs exactly one of view (a function answering every request) ' +
        'and resolve (a function choosing the view for a request).',
    )
  }
}

/**
 * Builds a handler from a stack of middleware factories and a view (or a resolver),
 * with Django's `MIDDLEWARE` semantics.
 *
 * - `middleware` is ordered outermost first; the factories are called once, here,
 *   from the bottom up. One that throws `MiddlewareNotUsed` is left out.
 * - Every layer and the view are wrapped in an error boundary: an exception becomes a
 *   response (`NotFound` 404, `PermissionDenied` 403, `BadRequest` and
 *   `SuspiciousOperation` 400, any `HttpError` its status, anything else 500) before
 *   the next layer out sees it.
 * - Layer hooks (`processView`, `processException`, `processTemplateResponse`) found on
 *   the handlers the factories return run around the view.
 * - Types: each entry's `Requires` must be provided by an entry before it, and the view
 *   receives the request typed with everything the stack provides.
 *
 * @param options - `middleware`, `view` or `resolve`, `debug` (default `false`),
 *   `logger` (default `console`), `errorViews` (default none).
 * @returns The handler: `(request) => Promise<Response>`. It never rejects.
 * @throws ImproperlyConfigured when `middleware` is not an array, an entry is not a
 *   function, a factory returns something that is not a function, not exactly one of
 *   `view`/`resolve` is given, `debug` is not a boolean, or `errorViews` has a key
 *   that is not a status from 400 to 599 or a value that is not a function.
 *
 * @example
 * ```ts
 * import { NotFound, createHandler, type Middleware } from 'shallot'
 *
 * const poweredBy: Middleware = (getResponse) => async (request) => {
 *   const response = await getResponse(request)
 *   response.headers.set('x-powered-by', 'shallot')
 *   return response
 * }
 * const handler = createHandler({
 *   middleware: [poweredBy],
 *   view: () => {
 *     throw new NotFound()
 *   },
 * })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(response.status, response.headers.get('x-powered-by')) // 404 shallot
 * ```
 */
export function createHandler<const Ms extends readonly AnyMiddleware[]>(
  // `middleware` is typed by ValidOrder, so the order error's first line names the
  // entry and the missing key; Ms is still inferred from it.
  options: HandlerOptions & { readonly middleware: ValidOrder<Ms> } & ViewOrResolver<
      Req<ProvidedBy<Ms>>
    >,
): Handler {
  const { middleware, debug = false } = options
  if (!Array.isArray(middleware)) {
    throw new ImproperlyConfigured('createHandler() middleware must be an array.')
  }
  assertFactories(middleware, (index) => `middleware[${index}]`)
  assertTarget(options)
  if (typeof debug !== 'boolean') {
    throw new ImproperlyConfigured('createHandler() debug must be true or false.')
  }
  const logger = stackLogger(options.logger, debug)
  // Django warns of DEBUG in deployment too (check security.W018). The core has no
  // Node types, hence globalThis; a runtime without `process.env`, or Deno without
  // env access (the read throws), is not known to be in production.
  try {
    if (debug && (globalThis as WithEnv).process?.env['NODE_ENV'] === 'production') {
      log(logger, 'warn', 'createHandler() debug is on with NODE_ENV=production.')
    }
  } catch {}
  const errorViews = checkedErrorViews(options.errorViews, 'createHandler()')
  const context = stackContext({ debug, logger, errorViews })
  const hooks: ViewHooks = {
    processView: [],
    processTemplateResponse: [],
    processException: [],
  }
  const factories = middleware.flatMap(partsOf)
  const inner = viewStep(boundTarget(options), hooks, context)
  let handler: Handler<any> = inner
  // The outermost boundary also logs final 4xx/5xx responses. It is only known once
  // the loop ends (a factory may leave itself out), and no factory has received it
  // yet, so it is rebuilt with `top` set at the end.
  let outer: Handler<any, unknown> = inner
  let who = 'The view'
  for (let index = factories.length - 1; index >= 0; index--) {
    const factory = factories[index]!
    const name = nameOf(factory)
    let layer: Handler<any>
    try {
      layer = applyFactory(factory, handler)
    } catch (error) {
      if (!(error instanceof MiddlewareNotUsed)) throw error
      log(logger, 'debug', notUsedMessage(name, error)) // N4, D6
      continue
    }
    collectHooks(hooks, layer as LayerHooks, name)
    outer = layer
    who = `Middleware ${name}`
    handler = selfBounded(layer, who, context) ?? boundary(layer, who, context)
  }
  return boundary(outer, who, context, true)
}
