/**
 * The shape of a hook-style middleware class, shared by `fromHooks` and the old-style
 * runner (`legacyStack`), and the build-time checks both make of a class.
 *
 * @module
 */
import {
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type Handler,
  type MaybePromise,
  type ResponseLike,
  type TemplateResponse,
  type View,
  type ViewArgs,
  type ViewKwargs,
} from '../../src/index.js'
import { describe } from '../../src/internal/describe.js'
import { HOOK_NAMES, type HookName } from '../../src/internal/hook-pipeline.js'

/** What a hook may answer: a response, or nothing (`undefined`/`null`) to pass on. */
export type HookResult = MaybePromise<ResponseLike | null | undefined | void>

/**
 * The hooks a class may define, any subset, each sync or async (Django's
 * `process_*` methods, camelCase).
 */
export interface Hooks<R = Request> {
  /** Before the inner layers; a response short-circuits them. */
  processRequest?(request: R): HookResult
  /** Before the view, in stack order; a response skips the rest and the view. */
  processView?(
    request: R,
    view: View<R>,
    args: ViewArgs,
    kwargs: ViewKwargs,
  ): HookResult
  /** On a template response, innermost first; must return a response. */
  processTemplateResponse?(
    request: R,
    response: TemplateResponse<any>,
  ): MaybePromise<ResponseLike>
  /** After the inner layers; must return a response. */
  processResponse?(
    request: R,
    response: Response | TemplateResponse<any>,
  ): MaybePromise<ResponseLike>
  /** When the view (or rendering) throws, innermost first; a response wins. */
  processException?(request: R, error: unknown): HookResult
}

/**
 * A hook-style middleware class. Under `fromHooks` its constructor receives
 * `getResponse`; under an old-style stack it receives nothing, so a class that ignores
 * the argument works under both. The constructor may throw `MiddlewareNotUsed`.
 */
export type HookClass<R = Request> = new (getResponse?: Handler<R>) => Hooks<R>

/** The hook names as a sentence lists them. */
const HOOK_LIST = `${HOOK_NAMES.slice(0, -1).join(', ')} and ${HOOK_NAMES.at(-1)!}`

/**
 * What `legacyStack` and `fromHooks` were given instead of a class, for their
 * messages: `an arrow function`, `a string`, or for an instance the likely fix.
 */
export function notAClass(value: unknown): string {
  if (typeof value === 'function') return 'an arrow function'
  const described = describe(value)
  if (!described.startsWith('an instance of ')) return described
  const name = described.slice('an instance of '.length)
  return `${described} (pass the class itself: ${name}, not new ${name}())`
}

/**
 * Builds an instance. `MiddlewareNotUsed` passes through (the class leaves itself
 * out); any other error fails the build, naming the class.
 */
export function construct<R>(
  HookClass: HookClass<R>,
  name: string,
  args: [] | [Handler<R>],
): Hooks<R> {
  try {
    return new HookClass(...args)
  } catch (error) {
    if (error instanceof MiddlewareNotUsed) throw error
    const what =
      error instanceof Error ? `${error.name}: ${error.message}` : describe(error)
    throw new ImproperlyConfigured(
      `${name} cannot be built: its constructor threw ${what}.`,
      { cause: error },
    )
  }
}

/** Lower case without `_` or `-`: `process_request`, `processrequest` → one spelling. */
const folded = (name: string): string => name.toLowerCase().replace(/[_-]/g, '')

/** The edit distance of two short names (Levenshtein). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    previous = current
  }
  return previous[b.length]!
}

/** The hook `name` is a misspelling of (case, `_`, or up to two letters off), if any. */
function hookMisspeltAs(name: string): HookName | undefined {
  if ((HOOK_NAMES as readonly string[]).includes(name)) return undefined
  return HOOK_NAMES.find((hook) => distance(folded(name), folded(hook)) <= 2)
}

/** The names of the methods and function fields of an instance, its class's included. */
function functionNames(instance: object): string[] {
  const names: string[] = []
  for (
    let level: object | null = instance;
    level !== null && level !== Object.prototype;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(level)) {
      const value: unknown = Object.getOwnPropertyDescriptor(level, name)!.value
      if (typeof value === 'function' && name !== 'constructor') names.push(name)
    }
  }
  return names
}

/**
 * Checks an instance when the stack is built, so a hook shallot would never call fails
 * there, naming the class and the hook, instead of being silently skipped:
 *
 * - a hook that is set but is not a function (`Auth.processRequest must be a
 *   function, got a string.`);
 * - a misspelt hook whose right name the class lacks: Django's snake_case, another
 *   case, or a letter or two off (`processRequests`);
 * - no hook at all.
 *
 * `fromHooks` and `legacyStack` both call it, so they reject a class the same way.
 */
export function assertHooks(instance: object, name: string): void {
  const hooks = instance as Record<string, unknown>
  for (const hook of HOOK_NAMES) {
    const value = hooks[hook]
    if (value !== undefined && typeof value !== 'function') {
      throw new ImproperlyConfigured(
        `${name}.${hook} must be a function, got ${describe(value)}.`,
      )
    }
  }
  const misspelt = new Map<string, string>()
  for (const found of functionNames(instance)) {
    const hook = hookMisspeltAs(found)
    if (hook !== undefined && hooks[hook] === undefined) misspelt.set(found, hook)
  }
  if (misspelt.size > 0) {
    const list = [...misspelt].map(([found, hook]) => `${found} (write ${hook})`)
    const caseOnly = [...misspelt].every(
      ([found, hook]) => folded(found) === folded(hook),
    )
    throw new ImproperlyConfigured(
      `${name} defines ${list.join(', ')}: shallot calls ${
        caseOnly ? 'camelCase hooks only' : `only ${HOOK_LIST}`
      }.`,
    )
  }
  if (!HOOK_NAMES.some((hook) => hooks[hook] !== undefined)) {
    const statics = HOOK_NAMES.filter(
      (hook) =>
        typeof (instance.constructor as unknown as Record<string, unknown>)[hook] ===
        'function',
    )
    throw new ImproperlyConfigured(
      statics.length > 0
        ? `${name} defines static ${statics.join(', ')}: hooks must be instance methods (drop static).`
        : `${name} defines no hooks: shallot would never call it. Define at least one of ${HOOK_LIST}.`,
    )
  }
}
