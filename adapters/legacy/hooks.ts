/**
 * The shape of a hook-style middleware class, shared by `fromHooks` and the old-style
 * runner (`legacyStack`).
 *
 * @module
 */
import {
  ImproperlyConfigured,
  type Handler,
  type MaybePromise,
  type ResponseLike,
  type TemplateResponse,
  type View,
  type ViewArgs,
  type ViewKwargs,
} from '../../src/index.js'

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

/** The five hook names, camelCase, in the order Django documents them. */
export const HOOK_NAMES = [
  'processRequest',
  'processView',
  'processTemplateResponse',
  'processResponse',
  'processException',
] as const

/** `process_request` for `processRequest`: the Django spelling people bring along. */
const snakeCase = (name: string): string =>
  name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * The misspelt hooks on an instance: Django's snake_case names, which shallot would
 * silently never call.
 */
function misspeltHooks(instance: object): string[] {
  return HOOK_NAMES.filter(
    (name) =>
      typeof (instance as Record<string, unknown>)[snakeCase(name)] === 'function' &&
      typeof (instance as Record<string, unknown>)[name] !== 'function',
  ).map((name) => `${snakeCase(name)} (write ${name})`)
}

/**
 * Throws when an instance defines Django's snake_case hooks instead of camelCase ones,
 * in the words `fromHooks` uses, so both runners reject a class the same way.
 */
export function assertCamelCaseHooks(instance: object, name: string): void {
  const misspelt = misspeltHooks(instance)
  if (misspelt.length > 0) {
    throw new ImproperlyConfigured(
      `${name} defines ${misspelt.join(', ')}: shallot calls camelCase hooks only.`,
    )
  }
}
