/**
 * `shallot/legacy`: hook-style middleware classes (Django's `process_*` methods)
 * carried into new-style stacks.
 *
 * @packageDocumentation
 */
export { fromHooks } from './from-hooks.js'
export type { HookClass, HookResult, Hooks } from './hooks.js'
