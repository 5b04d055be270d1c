/**
 * The scenarios' "H": a hook class with all five hooks at their defaults, each
 * logging its call into a call log (`A.processRequest`, `A.processResponse[200]`,
 * `A.processException(Error)`, ...), any of them configurable to return a given
 * value or throw instead.
 */
import type { HookClass } from '../../adapters/legacy/index.js'
import type { Handler } from '../../src/index.js'
import { perform, statusOf, typeName, type Action } from './actions.js'

export type HookName =
  | 'processRequest'
  | 'processView'
  | 'processTemplateResponse'
  | 'processResponse'
  | 'processException'

/** The five hooks a hook class may define. */
export const HOOK_NAMES: readonly HookName[] = [
  'processRequest',
  'processView',
  'processTemplateResponse',
  'processResponse',
  'processException',
]

export interface HookConfig extends Partial<Record<HookName, Action>> {
  /** Hooks return promises (async methods) instead of plain values (M6). */
  readonly async?: boolean
  /** Runs in the constructor (log construction, throw `MiddlewareNotUsed`, ...). */
  readonly construct?: (getResponse: Handler | undefined) => void
  /** Define only these hooks; the others are absent from the class. */
  readonly only?: readonly HookName[]
}

/**
 * A hook class named `name` (its `name` property, used in messages). Defaults:
 * `processRequest`, `processView` and `processException` return `undefined`;
 * `processTemplateResponse` appends `name` to `response.context.mw` (when it is an
 * array) and returns the response; `processResponse` returns the response.
 */
export function hookClass(
  name: string,
  log: string[],
  config: HookConfig = {},
): HookClass {
  const run = (hook: HookName, fallback: () => unknown): unknown => {
    const action = config[hook]
    if (!config.async) return action === undefined ? fallback() : perform(action)
    return Promise.resolve().then(() =>
      action === undefined ? fallback() : perform(action),
    )
  }
  const Hooks = {
    [name]: class {
      constructor(getResponse?: Handler) {
        config.construct?.(getResponse)
      }
      processRequest(_request: Request): unknown {
        log.push(`${name}.processRequest`)
        return run('processRequest', () => undefined)
      }
      processView(_request: Request, _view: unknown, _args: unknown, _kwargs: unknown) {
        log.push(`${name}.processView`)
        return run('processView', () => undefined)
      }
      processTemplateResponse(_request: Request, response: { context?: unknown }) {
        log.push(`${name}.processTemplateResponse`)
        return run('processTemplateResponse', () => {
          const mw: unknown = (response.context as { mw?: unknown } | undefined)?.mw
          if (Array.isArray(mw)) mw.push(name)
          return response
        })
      }
      processResponse(_request: Request, response: unknown) {
        log.push(`${name}.processResponse[${statusOf(response)}]`)
        return run('processResponse', () => response)
      }
      processException(_request: Request, error: unknown) {
        log.push(`${name}.processException(${typeName(error)})`)
        return run('processException', () => undefined)
      }
    },
  }[name]!
  if (config.only !== undefined) {
    const keep = new Set<string>(config.only)
    const Partial = { [name]: class extends Hooks {} }[name]!
    for (const hook of HOOK_NAMES) {
      if (!keep.has(hook))
        Object.defineProperty(Partial.prototype, hook, { value: undefined })
    }
    return Partial as unknown as HookClass
  }
  return Hooks as unknown as HookClass
}
