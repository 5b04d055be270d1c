/**
 * How a resolver learns the settings of the stack it serves: `createHandler` calls
 * `resolve[forStack](settings)`, once, at build time, and uses the resolver it
 * returns. `shallot/urls` builds its per-route stacks with them, so that they show,
 * shape and log errors as the global stack does.
 *
 * @module
 */

/** The key of a resolver's optional binding method. */
export const forStack: unique symbol = Symbol('shallot.forStack')

/** `createHandler`'s options other than `middleware`, `view` and `resolve`. */
export type StackSettings = Readonly<Record<string, unknown>>

/** `options`, with its resolver bound to the stack's settings if it offers a binding. */
export function boundTarget<T extends object>(options: T): T {
  const { resolve } = options as { resolve?: unknown }
  const bind = (resolve as { [forStack]?: unknown } | null | undefined)?.[forStack]
  if (typeof bind !== 'function') return options
  const settings: Record<string, unknown> = { ...(options as Record<string, unknown>) }
  for (const key of ['middleware', 'view', 'resolve']) delete settings[key]
  return { resolve: bind.call(resolve, settings) as unknown } as T
}
