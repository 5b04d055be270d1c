/**
 * `shallot/migrate`: run an old-style and a new-style stack side by side on the same
 * requests and report where they answer differently (`compareStacks`), the rules
 * behind each difference, and the `shallot-migrate` command's building blocks.
 *
 * @module shallot/migrate
 */
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
