/**
 * `shallot/legacy`: Django hook-style middleware classes (`process_*` methods) carried
 * into new-style stacks (`fromHooks`), or run as an old-style stack while they are
 * migrated (`legacyStack`).
 *
 * @module shallot/legacy
 */
export { fromHooks } from './from-hooks.js'
export { legacyStack, type LegacyStackOptions } from './legacy-stack.js'
export type { HookClass, HookResult, Hooks } from './hooks.js'
