/**
 * The rules that explain why a request answers differently under the old style
 * (`legacyStack`) and the new one (`createHandler` + `fromHooks`): the rows of
 * semantics.md M9 (Django's documented differences, as measured) and M10 (the ones it
 * does not document), with shallot's D1/D2 where it departs from Django's new style.
 *
 * @module
 */
import { isBodyless } from '../../src/internal/status.js'
import type { TracedCall } from './trace.js'

/** A rule id, as the comparison labels a difference. */
export type MigrationRuleId =
  | 'M9.1'
  | 'M9.2'
  | 'M9.3'
  | 'M10.none'
  | 'M10.template-request'
  | 'M10.template-response'
  | 'O16'
  | 'O17'
  | 'unexplained'

/** What a rule says: a short title, and what each style does. */
export interface MigrationRule {
  /** A few words naming the difference, e.g. `short-circuit reach`. */
  readonly title: string
  /** What the old style (`legacyStack`, Django's hooks) does. */
  readonly old: string
  /** What the new style (`createHandler`, the onion) does. */
  readonly new: string
}

/**
 * Every rule the comparison can cite, by id: its title and what each style does.
 * `formatReport` prints the ones a report cites; the topic page "Old and new style"
 * explains each with a picture.
 *
 * @example
 * ```ts
 * import { MIGRATION_RULES } from 'shallot/migrate'
 *
 * console.log(MIGRATION_RULES['M9.3'].title) // processResponse raised
 * ```
 */
export const MIGRATION_RULES: Readonly<Record<MigrationRuleId, MigrationRule>> = {
  'M9.1': {
    title: 'short-circuit reach',
    old: 'a response from processRequest goes through every processResponse',
    new: 'only the layers already entered see it on the way out',
  },
  'M9.2': {
    title: 'processRequest raised',
    old: 'the error becomes a response and every processResponse runs, the raiser’s too',
    new: 'the error becomes a response at the raiser; only the layers outside it run processResponse (neither style calls processException)',
  },
  'M9.3': {
    title: 'processResponse raised',
    old: 'the earlier processResponse hooks are skipped and the answer is always 500',
    new: 'the error is converted at that layer (404, 403, ... or 500) and the outer layers see it',
  },
  'M10.none': {
    title: 'processResponse returned nothing',
    old: '500; the earlier processResponse hooks are skipped (O14)',
    new: '500 at that layer’s boundary; the outer layers see it (D1)',
  },
  'M10.template-request': {
    title: 'template response from processRequest',
    old: 'every processTemplateResponse runs, then it is rendered',
    new: 'rendered at that layer’s boundary without processTemplateResponse (D2)',
  },
  'M10.template-response': {
    title: 'template response from processResponse',
    old: 'the earlier processResponse hooks receive it unrendered; rendered at the end',
    new: 'rendered at that layer’s boundary; the outer layers receive a Response (D2)',
  },
  O16: {
    title: 'HEAD, 204 and 304 bodies',
    old: 'the body is emptied',
    new: 'the body is left to the server',
  },
  O17: {
    title: 'template response from processException',
    old: 'after a failed render(), the processResponse hooks receive it unrendered; it is rendered after them',
    new: 'rendered before any processResponse hook runs; they receive a Response',
  },
  unexplained: {
    title: 'not explained by a known rule',
    old: 'see the old answer',
    new: 'see the new answer; a view or hook that answers differently each time (a clock, a counter, randomness) also shows here',
  },
}

/** The rule that a call's outcome brings into play, if any. */
function ruleOf(call: TracedCall): MigrationRuleId | undefined {
  if (call.hook === 'processRequest') {
    if (call.outcome === 'response') return 'M9.1'
    if (call.outcome === 'template') return 'M10.template-request'
    // An answer that is not a response is an error raised right there (NotAResponse).
    if (call.outcome === 'raised' || call.outcome === 'invalid') return 'M9.2'
  }
  if (call.hook === 'processResponse') {
    if (call.outcome === 'raised') return 'M9.3'
    // Not a response either way: O14 and D1 treat both alike.
    if (call.outcome === 'nothing' || call.outcome === 'invalid') return 'M10.none'
    // Passing on the template response it was given is not making one.
    if (call.outcome === 'template' && !call.receivedTemplate) {
      return 'M10.template-response'
    }
  }
  // Old style renders this one after processResponse when it answers a failed render().
  if (call.hook === 'processException' && call.outcome === 'template') return 'O17'
  return undefined
}

/**
 * The rules in play for one request, from both call logs, in the order they first
 * came into play; `O16` when the old style emptied the body.
 */
export function rulesInPlay(
  calls: readonly (readonly TracedCall[])[],
  method: string,
  oldStatus: number,
): MigrationRuleId[] {
  const rules = new Set<MigrationRuleId>()
  for (const log of calls) {
    for (const call of log) {
      const rule = ruleOf(call)
      if (rule !== undefined) rules.add(rule)
    }
  }
  // The old style empties these bodies (O16), by the one bodyless rule.
  if (isBodyless(method, oldStatus)) rules.add('O16')
  return [...rules]
}

/**
 * The labels of one difference: the rules in play that can explain it (`O16` only
 * explains a body), or `unexplained`.
 */
export function labelsFor(
  field: 'status' | 'header' | 'body' | 'calls',
  inPlay: readonly MigrationRuleId[],
): MigrationRuleId[] {
  const labels = inPlay.filter((rule) => rule !== 'O16' || field === 'body')
  return labels.length > 0 ? labels : ['unexplained']
}
