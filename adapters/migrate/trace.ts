/**
 * Tracing for the migration comparison: hook classes and views that record each call
 * (in semantics.md's call-log notation) and what it did, without changing what they
 * do, so one set of classes can run under both styles and the two logs be compared.
 *
 * @module
 */
import {
  isRenderable,
  isResponseLike,
  type Handler,
  type MaybePromise,
  type Resolved,
  type Resolver,
  type View,
} from '../../src/index.js'
import { nameOf, typeName } from '../../src/internal/describe.js'
import { HOOK_NAMES, type HookName } from '../../src/internal/hook-pipeline.js'
import { isThenable } from '../../src/internal/thenable.js'
import type { HookClass, Hooks } from '../legacy/index.js'

/**
 * What a traced call did: answered a response, a template response, nothing
 * (`undefined`/`null`), something that is not a response (`invalid`), or threw.
 */
export type CallOutcome =
  'response' | 'template' | 'nothing' | 'invalid' | 'raised' | 'running'

/** One traced call. */
export interface TracedCall {
  /** The class name, or `view`. */
  readonly owner: string
  readonly hook: HookName | 'view'
  /** The log entry: `A.processRequest`, `A.processResponse[200]`, `view`, ... */
  readonly entry: string
  outcome: CallOutcome
  /** A `processResponse` that received a template response (it did not make one). */
  readonly receivedTemplate: boolean
}

/** Where traced calls go: the calls of the request being run, one request at a time. */
export interface Tracer {
  /** The calls of the current request; `undefined` between requests. */
  calls: TracedCall[] | undefined
  /** Constructor calls, in order: `A()` (old style) or `A(getResponse)` (new style). */
  readonly constructed: string[]
}

export const newTracer = (): Tracer => ({ calls: undefined, constructed: [] })

function outcomeOf(value: unknown): CallOutcome {
  if (value == null) return 'nothing'
  if (!isResponseLike(value)) return 'invalid'
  return isRenderable(value) && !(value instanceof Response) ? 'template' : 'response'
}

/** `[200]`, or `[undefined]` when a hook received something that is not a response. */
function statusOf(response: unknown): string {
  const status: unknown = (response as { status?: unknown } | null | undefined)?.status
  return `[${typeof status === 'number' ? status : String(response)}]`
}

function entryFor(owner: string, hook: TracedCall['hook'], args: unknown[]): string {
  if (hook === 'view') return 'view'
  if (hook === 'processResponse') return `${owner}.${hook}${statusOf(args[1])}`
  if (hook === 'processException')
    return `${owner}.${hook}(${typeName(args[1], 'class')})`
  return `${owner}.${hook}`
}

/** Calls `fn`, recording the call and, when it settles, what it did. */
function record<T>(
  tracer: Tracer,
  owner: string,
  hook: TracedCall['hook'],
  args: unknown[],
  fn: () => T,
): T {
  const calls = tracer.calls
  if (calls === undefined) return fn()
  const call: TracedCall = {
    owner,
    hook,
    entry: entryFor(owner, hook, args),
    outcome: 'running',
    receivedTemplate: hook === 'processResponse' && outcomeOf(args[1]) === 'template',
  }
  calls.push(call)
  let result: T
  try {
    result = fn()
  } catch (error) {
    call.outcome = 'raised'
    throw error
  }
  if (!isThenable(result)) {
    call.outcome = outcomeOf(result)
    return result
  }
  return Promise.resolve(result).then(
    (value) => {
      call.outcome = outcomeOf(value)
      return value
    },
    (error: unknown) => {
      call.outcome = 'raised'
      throw error
    },
  ) as T
}

/** Traced views, by the view they trace, so that `processView` can be given the original. */
const originals = new WeakMap<Function, View>()

/** The view a `processView` should see: the user's own, never the tracing wrapper. */
const untraced = (view: unknown): unknown =>
  (typeof view === 'function' && originals.get(view)) || view

/** Replaces the instance's hooks by tracing ones (own properties, so fields work too). */
function traceHooks(instance: Hooks, owner: string, tracer: Tracer): void {
  for (const hook of HOOK_NAMES) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to its instance below
    const original: unknown = instance[hook]
    if (typeof original !== 'function') continue
    const traced = (...args: unknown[]): unknown => {
      if (hook === 'processView') args[1] = untraced(args[1])
      return record(tracer, owner, hook, args, (): unknown =>
        original.apply(instance, args),
      )
    }
    Object.defineProperty(instance, hook, {
      value: traced,
      writable: true,
      configurable: true,
    })
  }
}

/**
 * A subclass of `HookClass`, with the same name, whose instances trace their hooks and
 * whose construction is logged.
 */
export function tracedClass(HookClass: HookClass, tracer: Tracer): HookClass {
  const owner = nameOf(HookClass)
  const Base = HookClass as new (...args: unknown[]) => Hooks
  return {
    [owner]: class extends Base {
      constructor(...args: unknown[]) {
        tracer.constructed.push(
          args.length > 0 ? `${owner}(getResponse)` : `${owner}()`,
        )
        super(...args)
        traceHooks(this, owner, tracer)
      }
    },
  }[owner]!
}

/** The view, traced, keeping its name (messages name the view). One wrapper per view. */
export function tracedView(view: View, tracer: Tracer, cache: Map<View, View>): View {
  const known = cache.get(view)
  if (known !== undefined) return known
  const traced: View = (request, args, kwargs) =>
    record(tracer, 'view', 'view', [], () => view(request, args, kwargs))
  Object.defineProperty(traced, 'name', { value: view.name })
  originals.set(traced, view)
  cache.set(view, traced)
  return traced
}

/** A resolver whose matches carry traced views. */
export function tracedResolver(resolve: Resolver, tracer: Tracer): Resolver {
  const cache = new Map<View, View>()
  const traceMatch = (match: Resolved | null | undefined) =>
    match == null ? match : { ...match, view: tracedView(match.view, tracer, cache) }
  return (request: Request): MaybePromise<Resolved | null | undefined> => {
    const match = resolve(request)
    return isThenable(match)
      ? Promise.resolve(match).then(traceMatch)
      : traceMatch(match)
  }
}

/** Runs one request with `tracer` collecting its calls. */
export async function traced<T>(
  tracer: Tracer,
  handler: Handler,
  request: Request,
  finish: (response: Response) => Promise<T>,
): Promise<{ calls: TracedCall[]; result: T }> {
  const calls: TracedCall[] = []
  tracer.calls = calls
  try {
    // The body is read before the next request starts: a stream may call hooks late.
    return { calls, result: await finish(await handler(request)) }
  } finally {
    tracer.calls = undefined
  }
}
