/**
 * `shallot/legacy`: hook-style middleware classes (Django's `process_*` methods)
 * carried into new-style stacks, or run as an old-style stack while they are migrated.
 *
 * @packageDocumentation
 */
export { fromHooks } from './from-hooks.js'
export { legacyStack, type LegacyStackOptions } from './legacy-stack.js'
export type { HookClass, HookResult, Hooks } from './hooks.js'
