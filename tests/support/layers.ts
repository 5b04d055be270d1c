/**
 * Function-style middleware and views that record what they do, in the call-log
 * notation of the scenarios (`X.before`, `X.after[S]`, `view`).
 */
import type {
  AnyMiddleware,
  Handler,
  LayerHooks,
  Middleware,
  View,
} from '../../src/index.js'
import { perform, statusOf, type Action } from './actions.js'

export interface LayerConfig {
  /** Instead of calling `getResponse`: return or throw this (a short-circuit). */
  readonly before?: Action
  /** After `getResponse`: return or throw this instead of the response. */
  readonly after?: Action
  /** Hooks to attach to the layer's handler. */
  readonly hooks?: LayerHooks
  /** Build-time log: the factory pushes `<name>.factory` here when called. */
  readonly startup?: string[]
}

/** Gives a function the `name` messages will use. */
export function named<F extends Function>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name })
  return fn
}

/**
 * A function-style middleware factory named `name`. Its handler logs `<name>.before`,
 * then either performs `before` (short-circuit) or calls `getResponse`, logs
 * `<name>.after[<status>]` and returns the response (or performs `after`).
 */
export function layer(
  name: string,
  log: string[],
  config: LayerConfig = {},
): Middleware {
  const factory = (getResponse: Handler): Handler => {
    config.startup?.push(`${name}.factory`)
    const handler = async (request: Request): Promise<Response> => {
      log.push(`${name}.before`)
      if (config.before !== undefined) return perform(config.before) as Response
      const response = await getResponse(request)
      log.push(`${name}.after[${statusOf(response)}]`)
      if (config.after !== undefined) return perform(config.after) as Response
      return response
    }
    return Object.assign(handler, config.hooks ?? {})
  }
  return named(name, factory)
}

/** A factory that only records its construction and passes requests through. */
export function passThrough(name: string, startup: string[]): AnyMiddleware {
  return named(name, (getResponse: Handler) => {
    startup.push(`${name}.factory`)
    return (request: Request) => getResponse(request)
  })
}

/**
 * The scenarios' view, named `view`: logs `view` and returns `new Response('view')`,
 * or performs `action` instead.
 */
export function recordingView(log: string[], action?: Action): View {
  return function view() {
    log.push('view')
    return (action === undefined ? new Response('view') : perform(action)) as Response
  }
}
