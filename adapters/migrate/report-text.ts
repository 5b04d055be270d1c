/**
 * `formatReport`: the migration comparison as text for a terminal.
 *
 * @module
 */
import type { Difference, MigrationReport, RequestComparison } from './compare.js'
import { MIGRATION_RULES, type MigrationRuleId } from './migration-rules.js'

/** `formatReport`'s options. */
export interface FormatOptions {
  /** List the requests that answered the same too. Default `false`. */
  readonly all?: boolean | undefined
  /** Longest body shown, in characters; longer ones are cut with `…`. Default 200. */
  readonly bodyLength?: number | undefined
}

const quote = (text: string | null, max: number): string =>
  text === null
    ? '(absent)'
    : JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)

const labels = (rules: readonly MigrationRuleId[]): string =>
  rules.map((rule) => `${rule} ${MIGRATION_RULES[rule].title}`).join('; ')

function differenceLines(difference: Difference, max: number): string[] {
  const head = `  ${difference.field === 'header' ? `header ${difference.name}` : difference.field}  [${labels(difference.rules)}]`
  switch (difference.field) {
    case 'status':
      return [head, `    old: ${difference.old}`, `    new: ${difference.new}`]
    case 'header':
    case 'body':
      return [
        head,
        `    old: ${quote(difference.old, max)}`,
        `    new: ${quote(difference.new, max)}`,
      ]
    case 'calls':
      return [
        head,
        `    old: ${difference.old.join(' → ') || '(none)'}`,
        `    new: ${difference.new.join(' → ') || '(none)'}`,
      ]
  }
}

function resultLines(result: RequestComparison, max: number): string[] {
  const title = `#${result.index} ${result.method} ${result.url}`
  if (result.differences.length === 0) {
    return [`${title}: same (${result.old.status})`]
  }
  return [title, ...result.differences.flatMap((d) => differenceLines(d, max))]
}

/**
 * The report as text: a summary line, the construction order of each style, every
 * request that answered differently with each difference and its rule labels, and
 * what each cited rule says old and new style do.
 *
 * @param report - What `compareStacks` returned.
 * @param options - `all` (also list requests that agree, default `false`),
 *   `bodyLength` (default 200).
 * @returns Lines joined with `\n`, no colours, ready for a terminal or a CI log.
 *
 * @example
 * ```ts
 * import { compareStacks, formatReport } from 'shallot/migrate'
 *
 * class Deny {
 *   processRequest() {
 *     return new Response('no', { status: 403 })
 *   }
 * }
 * class Audit {
 *   processResponse(request: Request, response: Response) {
 *     return response
 *   }
 * }
 * const report = await compareStacks({
 *   middleware: [Deny, Audit],
 *   view: () => new Response('yes'),
 *   requests: [{ url: '/' }],
 * })
 * console.log(formatReport(report).split('\n')[0])
 * // 1 of 1 requests answered differently (old: legacyStack; new: createHandler + fromHooks)
 * ```
 */
export function formatReport(
  report: MigrationReport,
  options: FormatOptions = {},
): string {
  const max = options.bodyLength ?? 200
  const shown = report.results.filter(
    (result) => options.all === true || result.differences.length > 0,
  )
  const cited = new Set(
    shown.flatMap((result) => result.differences.flatMap((d) => d.rules)),
  )
  return [
    `${report.differing} of ${report.requests} requests answered differently (old: legacyStack; new: createHandler + fromHooks)`,
    '',
    'Construction (M10): old instantiates top to bottom with no argument; new calls the factories bottom to top.',
    `  old: ${report.construction.old.join(', ') || '(none)'}`,
    `  new: ${report.construction.new.join(', ') || '(none)'}`,
    ...shown.flatMap((result) => ['', ...resultLines(result, max)]),
    ...(cited.size === 0 ? [] : ['', 'Rules cited:']),
    ...[...cited].flatMap((rule) => [
      `  ${rule} ${MIGRATION_RULES[rule].title}`,
      `    old: ${MIGRATION_RULES[rule].old}`,
      `    new: ${MIGRATION_RULES[rule].new}`,
    ]),
  ].join('\n')
}
