/**
 * `legacyStack`: Django's `MIDDLEWARE_CLASSES` handler (≤ 1.9), for running a stack of
 * hook classes unchanged while it is migrated to `createHandler` and `fromHooks`.
 *
 * @module
 */
import {
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type Handler,
  type HandlerOptions,
  type Resolver,
  type View,
  type ViewOrResolver,
} from '../../src/index.js'
import {
  assertHooks,
  construct,
  notAClass,
  type HookClass,
  type Hooks,
} from './hooks.js'
import { nameOf } from '../../src/internal/describe.js'
import { checkedErrorViews } from '../../src/internal/error-views.js'
import { log } from '../../src/internal/log.js'
import type { Named, ViewSource } from '../../src/internal/hook-pipeline.js'
import { notUsedMessage } from '../../src/internal/not-used.js'
import { oldStyleHandler, type OldStyleHooks } from './old-style-handler.js'

/**
 * `legacyStack`'s options: the hook classes, top to bottom as in Django's
 * `MIDDLEWARE_CLASSES`, and exactly one of `view` and `resolve`; `debug` and `logger`
 * as for `createHandler`.
 */
export type LegacyStackOptions = HandlerOptions & {
  /** The hook classes, top first, as in Django's `MIDDLEWARE`. */
  readonly middleware: readonly HookClass[]
} & ViewOrResolver

/** The class's hook `key`, bound to the instance, if it defines one (O3's `hasattr`). */
function bound<K extends keyof Hooks>(
  instance: Hooks,
  key: K,
  owner: string,
): Named<NonNullable<Hooks[K]>>[] {
  const method: unknown = instance[key]
  if (typeof method !== 'function') return []
  return [{ owner, hook: method.bind(instance) as NonNullable<Hooks[K]> }]
}

/** O3: request and view hooks are appended; the other three inserted at the front. */
function register(hooks: OldStyleHooks, instance: Hooks, owner: string): void {
  hooks.processRequest.push(...bound(instance, 'processRequest', owner))
  hooks.processView.push(...bound(instance, 'processView', owner))
  hooks.processTemplateResponse.unshift(
    ...bound(instance, 'processTemplateResponse', owner),
  )
  hooks.processResponse.unshift(...bound(instance, 'processResponse', owner))
  hooks.processException.unshift(...bound(instance, 'processException', owner))
}

/** Throws `ImproperlyConfigured` naming the first entry that is not a class. */
function assertClasses(middleware: unknown): asserts middleware is HookClass[] {
  if (!Array.isArray(middleware)) {
    throw new ImproperlyConfigured(
      'legacyStack() middleware must be an array of classes.',
    )
  }
  middleware.forEach((entry: unknown, index) => {
    if (typeof entry !== 'function' || entry.prototype === undefined) {
      throw new ImproperlyConfigured(
        `legacyStack() middleware[${index}] must be a class with process* hooks, got ${notAClass(entry)}.`,
      )
    }
  })
}

/**
 * Exactly one of `view` and `resolve`, as where the view comes from (read by value,
 * not by key).
 */
function sourceOf(options: { view?: unknown; resolve?: unknown }): ViewSource {
  const { view, resolve } = options
  if (
    (view === undefined) === (resolve === undefined) ||
    typeof (view ?? resolve) !== 'function'
  ) {
    throw new ImproperlyConfigured(
      'legacyStack() needs exactly one of view (a function answering every request) ' +
        'and resolve (a function choosing the view for a request).',
    )
  }
  // A single view is a match made once, at build time.
  return view === undefined ? (resolve as Resolver) : { view: view as View }
}

/**
 * Builds a handler with the exact semantics of Django's `MIDDLEWARE_CLASSES` (Django
 * 1.9 and earlier), so a stack of hook classes can run unchanged while it is migrated
 * to `createHandler` and `fromHooks` (semantics rules O1–O18):
 *
 * - each class is instantiated once, here, top to bottom, with no arguments; one whose
 *   constructor throws `MiddlewareNotUsed` is left out;
 * - `processRequest` and `processView` run in list order, the first response skipping
 *   the rest (and, for `processRequest`, resolution, `processView` and the view);
 * - `processException` sees only errors from the view and from `render()`, in reverse
 *   order; `processTemplateResponse` runs in reverse order on a template response from
 *   any of those steps, which is then rendered;
 * - an error anywhere in that request phase becomes a response (`NotFound` 404, ...,
 *   anything else 500), and **every** `processResponse` then runs, in reverse order,
 *   whoever answered;
 * - an error in a `processResponse` (or one that returns nothing) skips the remaining
 *   ones and answers 500, whatever was thrown;
 * - HEAD requests and 1xx, 204, 205 and 304 responses leave with an empty body.
 *
 * Unlike Django 1.9, the stack is built here rather than at the first request (as 1.10
 * did), and with `debug` on a `SuspiciousOperation` answers 400 through the normal
 * `processResponse` phase rather than skipping it.
 *
 * @param options - `middleware` (hook classes, top first), `view` or `resolve`,
 *   `debug` (default `false`), `logger` (default `console`), `errorViews` (default
 *   none; as for `createHandler`: the request phase's errors, O12, and the 500 of an
 *   error in `processResponse`, O15, as Django's `handler500`).
 * @returns The handler: `(request) => Promise<Response>`. It never rejects.
 * @throws ImproperlyConfigured when `middleware` is not an array of classes (an
 *   instance, an arrow function), when not exactly one of `view` and `resolve` is a
 *   function, when a constructor throws anything but `MiddlewareNotUsed` (the error is
 *   its `cause`), or when a class has a hook that is not a function, a misspelt hook
 *   (Django's snake_case, `processRequests`) or no hook at all; the message names the
 *   class and the hook; or when `errorViews` has a key that is not a status from 400
 *   to 599 or a value that is not a function.
 *
 * @example
 * ```ts
 * import { legacyStack } from 'shallot/legacy'
 *
 * const calls: string[] = []
 * class Maintenance {
 *   processRequest(request: Request) {
 *     calls.push('Maintenance.processRequest')
 *     return new Response('down for maintenance', { status: 503 })
 *   }
 * }
 * class Stamp {
 *   processResponse(request: Request, response: Response) {
 *     calls.push(`Stamp.processResponse ${response.status}`)
 *     return response
 *   }
 * }
 * const handler = legacyStack({
 *   middleware: [Maintenance, Stamp],
 *   view: () => new Response('ok'),
 * })
 * console.log((await handler(new Request('http://localhost/'))).status) // 503
 * // Stamp is below Maintenance, yet its processResponse runs (O13):
 * console.log(calls.join(', ')) // Maintenance.processRequest, Stamp.processResponse 503
 * ```
 */
export function legacyStack(options: LegacyStackOptions): Handler {
  const { middleware, debug = false } = options
  assertClasses(middleware)
  const source = sourceOf(options)
  const logger = options.logger ?? console
  const hooks: OldStyleHooks = {
    processRequest: [],
    processView: [],
    processTemplateResponse: [],
    processResponse: [],
    processException: [],
  }
  for (const HookClass of middleware) {
    const name = nameOf(HookClass)
    let instance: Hooks
    try {
      instance = construct(HookClass, name, [])
    } catch (error) {
      if (!(error instanceof MiddlewareNotUsed)) throw error
      if (debug) log(logger, 'debug', notUsedMessage(name, error))
      continue
    }
    assertHooks(instance, name)
    register(hooks, instance, name)
  }
  const errorViews = checkedErrorViews(options.errorViews, 'legacyStack()')
  return oldStyleHandler(hooks, source, { debug, logger, errorViews })
}
