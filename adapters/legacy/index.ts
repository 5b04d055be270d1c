/**
 * `shallot/legacy`: hook-style middleware classes (Django's `process_*` methods)
 * carried into new-style stacks, or run as an old-style stack while they are migrated.
 *
 * @module shallot/legacy
 */
export { fromHooks } from './from-hooks.js'
export { fromKoa, type KoaContext, type KoaMiddleware } from './from-koa.js'
export { fromMiddy, type MiddyMiddleware, type MiddyRequest } from './from-middy.js'
export { legacyStack, type LegacyStackOptions } from './legacy-stack.js'
export type { HookClass, HookResult, Hooks } from './hooks.js'
export {
  compareStacks,
  type CompareOptions,
  type Difference,
  type MigrationReport,
  type RequestComparison,
  type StyleAnswer,
} from './compare.js'
export { formatReport, type FormatOptions } from './report-text.js'
export {
  MIGRATION_RULES,
  type MigrationRule,
  type MigrationRuleId,
} from './migration-rules.js'
export { requestsFromLog, type RecordedRequest } from './recorded-requests.js'
