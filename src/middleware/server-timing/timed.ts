/**
 * `timed`: measure one middleware's own time, for `serverTiming` and `timingReport`.
 *
 * @module
 */
import type { AnyMiddleware, Handler, LayerHooks } from '../../types.js'
import { ImproperlyConfigured } from '../../errors.js'
import { show } from '../../internal/describe.js'
import { assertToken } from '../../internal/option-checks.js'
import { collectorOf, open, type Collector } from './timing-collector.js'

const HOOKS = ['processView', 'processException', 'processTemplateResponse'] as const

/** One timed layer's bookkeeping for one request. */
interface Frame {
  readonly entry: { duration: number; total: number }
  readonly start: number
  /** Calls to the layers inside that have not answered yet. */
  pending: number
  innerStart: number
  inner: number
}

/**
 * Wraps a middleware so that a `serverTiming` or `timingReport` layer further out
 * records its own time: from entering the layer to its response, minus the time spent
 * waiting for the layers inside it (`getResponse`). The result has the same type as
 * `middleware`, so the order checks of a stack are unchanged.
 *
 * Nothing is measured, and nothing allocated, for a request that no collecting layer
 * outside sees: the layer then costs one property read on the request on the way in
 * and one on the way to the layers inside.
 *
 * The layer's hooks (`processView`, `processException`, `processTemplateResponse`) are
 * passed on unchanged and not measured: they run in the view step, whose time counts
 * as the innermost timed layer's inside, and the collecting layer's own.
 *
 * @param name - The entry's name, an HTTP token (it becomes a `Server-Timing` metric
 *   name), e.g. `session` or `auth`.
 * @param middleware - Any middleware factory. Wrap the parts of a `compose`d one
 *   separately: inside `timed` it runs as one layer, without the error boundaries
 *   between its parts.
 * @returns A middleware of the same type, named like `middleware` in log lines.
 * @throws ImproperlyConfigured when `name` is not a token or `middleware` is not a
 *   function.
 *
 * @example
 * ```ts
 * import { createHandler, type Middleware } from 'shallot'
 * import { serverTiming, timed } from 'shallot/middleware'
 *
 * const session: Middleware = (getResponse) => (request) => getResponse(request)
 * const handler = createHandler({
 *   middleware: [serverTiming(), timed('session', session)],
 *   view: () => new Response('ok'),
 * })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(response.headers.get('server-timing')?.replace(/[\d.]+/g, 'N'))
 * // app;dur=N, session;dur=N
 * ```
 */
export function timed<M extends AnyMiddleware>(name: string, middleware: M): M {
  assertToken(name, 'timed() name')
  if (typeof middleware !== 'function') {
    throw new ImproperlyConfigured(
      `timed(${JSON.stringify(name)}, middleware) needs a middleware factory, got ${show(middleware)}.`,
    )
  }
  const factory = (getResponse: Handler<any>): Handler<any> => {
    // Per layer instance, so one middleware timed twice in a stack keeps two records.
    const frames = new WeakMap<Collector, Frame>()
    const inside: Handler<any> = (request: Request) => {
      const collector = collectorOf(request)
      const frame = collector === undefined ? undefined : frames.get(collector)
      if (frame === undefined) return getResponse(request)
      // Overlapping calls (a layer that fans out) count once: the time any is pending.
      if (frame.pending++ === 0) frame.innerStart = collector!.now()
      return Promise.resolve(getResponse(request)).finally(() => {
        if (--frame.pending === 0) frame.inner += collector!.now() - frame.innerStart
      })
    }
    const layer = middleware(inside) as Handler<any> & LayerHooks
    if (typeof layer !== 'function') return layer // createHandler reports it (N5)
    const handler: Handler<any> = (request: Request) => {
      const collector = collectorOf(request)
      if (collector === undefined) return layer(request)
      return measure(collector, request)
    }
    const measure = async (collector: Collector, request: Request) => {
      const frame: Frame = {
        entry: open(collector, name),
        start: collector.now(),
        pending: 0,
        innerStart: 0,
        inner: 0,
      }
      frames.set(collector, frame)
      try {
        return await layer(request)
      } finally {
        const end = collector.now()
        // A call still pending (fire and forget) counts as inside up to now.
        if (frame.pending > 0) frame.inner += end - frame.innerStart
        frame.entry.total = Math.max(0, end - frame.start)
        frame.entry.duration = Math.max(0, frame.entry.total - frame.inner)
        frames.delete(collector)
      }
    }
    const hooked = handler as Handler<any> & LayerHooks
    for (const hook of HOOKS) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- bound to its layer below
      const fn = layer[hook]
      if (typeof fn === 'function') hooked[hook] = fn.bind(layer) as never
    }
    return hooked
  }
  Object.defineProperty(factory, 'name', { value: middleware.name })
  return factory as unknown as M
}
