/**
 * Conformance scenarios S01–S30 (semantics.md §5) as one table, for both styles: each
 * scenario's setup (hooks A, B, C and the view) written once, with the outcome each
 * style must give. `both` where §5 says OLD == NEW; otherwise `old`, the OLD line as
 * `legacyStack` gives it (§7.3), and `new`, the NEW line as `createHandler` +
 * `fromHooks` give it, or shallot's deliberate difference from it (§7.2, `difference`).
 *
 * The call logs leave out the informational `signal:` and `convert(...)` entries;
 * Django's `process_*` names are written camelCase and `Exception`/`Http404` are
 * `Error`/`NotFound` (§7.1).
 */
import {
  BadRequest,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  type View,
} from '../../src/index.js'
import { raises, respond, returns, returnsUndefined } from './actions.js'
import type { HookConfig } from './hooks.js'
import { recordingView } from './layers.js'
import { failingTemplateResponse, templateResponse } from './template.js'

/** `old`: `legacyStack` (OLD, §7.3); `new`: `createHandler` + `fromHooks` (NEW, §7.2). */
export type ScenarioStyle = 'old' | 'new'

/** The hook configs of A, B and C and the view (the recording view when absent). */
export interface ScenarioSetup {
  readonly A?: HookConfig
  readonly B?: HookConfig
  readonly C?: HookConfig
  readonly view?: View
}

/** What one style must answer for a scenario. */
export interface ScenarioOutcome {
  readonly status: number
  /** The exact body, or `default` for Django's `<default NNN page>`. */
  readonly body: string
  /** The error whose message and stack a default page must not show. */
  readonly error?: unknown
  /** The exact call log, written `A → B → C`. */
  readonly log: string
  /** Text an error-level log record must contain. */
  readonly logged?: string
  /** The §7.2 deliberate difference this outcome follows instead of Django's NEW line. */
  readonly difference?: 'D1' | 'D2'
}

interface ScenarioCommon {
  /** `S01` … `S30`. */
  readonly id: string
  /** What a test name says after the id: one title, or one per style. */
  readonly title: string | { readonly old: string; readonly new: string }
  readonly setup: (log: string[]) => ScenarioSetup
}

export type Scenario = ScenarioCommon &
  (
    | { readonly both: ScenarioOutcome; readonly old?: never; readonly new?: never }
    | {
        readonly old: ScenarioOutcome
        readonly new: ScenarioOutcome
        readonly both?: never
      }
  )

/** The outcome `style` must give for `scenario`. */
export function scenarioOutcome(
  scenario: Scenario,
  style: ScenarioStyle,
): ScenarioOutcome {
  if (scenario.both !== undefined) return scenario.both
  return scenario[style]
}

/** A test name citing the scenario id (`S22/D2 — …` where new style differs on purpose). */
export function scenarioName(scenario: Scenario, style: ScenarioStyle): string {
  const title =
    typeof scenario.title === 'string' ? scenario.title : scenario.title[style]
  const difference = scenarioOutcome(scenario, style).difference
  const id = difference === undefined ? scenario.id : `${scenario.id}/${difference}`
  return `${id} — ${title}`
}

const REQUEST = 'A.processRequest → B.processRequest → C.processRequest'
const VIEWS = 'A.processView → B.processView → C.processView'
const RESPONSES = (status: number) =>
  `C.processResponse[${status}] → B.processResponse[${status}] → A.processResponse[${status}]`
const TEMPLATES =
  'C.processTemplateResponse → B.processTemplateResponse → A.processTemplateResponse'
const EXCEPTIONS = (type: string) =>
  `C.processException(${type}) → B.processException(${type}) → A.processException(${type})`

const viewError = new Error('view')
const notFound = new NotFound('view')
const permissionDenied = new PermissionDenied('view')
const suspicious = new SuspiciousOperation('view')
const badRequest = new BadRequest('view')

export const scenarios: readonly Scenario[] = [
  {
    id: 'S01',
    title: {
      old: 'plain onion, 3 pass-through classes: 200 view',
      new: 'plain onion, 3 pass-through middleware: 200 view',
    },
    setup: () => ({}),
    both: {
      status: 200,
      body: 'view',
      log: `${REQUEST} → ${VIEWS} → view → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S02',
    title: {
      old: 'A.processRequest returns a response: every processResponse still runs (O13)',
      new: 'A.processRequest returns a response: only A sees it on the way out',
    },
    setup: () => ({ A: { processRequest: respond('A.processRequest') } }),
    old: {
      status: 200,
      body: 'A.processRequest',
      log: `A.processRequest → ${RESPONSES(200)}`,
    },
    new: {
      status: 200,
      body: 'A.processRequest',
      log: 'A.processRequest → A.processResponse[200]',
    },
  },
  {
    id: 'S03',
    title: {
      old: 'B.processRequest returns a response: C.processResponse runs although C.processRequest did not',
      new: 'B.processRequest returns a response: B and A see it, C never runs',
    },
    setup: () => ({ B: { processRequest: respond('B.processRequest') } }),
    old: {
      status: 200,
      body: 'B.processRequest',
      log: `A.processRequest → B.processRequest → ${RESPONSES(200)}`,
    },
    new: {
      status: 200,
      body: 'B.processRequest',
      log: 'A.processRequest → B.processRequest → B.processResponse[200] → A.processResponse[200]',
    },
  },
  {
    id: 'S04',
    title: 'C.processRequest returns a response: no processView, no view',
    setup: () => ({ C: { processRequest: respond('C.processRequest') } }),
    both: {
      status: 200,
      body: 'C.processRequest',
      log: `${REQUEST} → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S05',
    title: 'B.processView returns a response: C.processView and the view are skipped',
    setup: () => ({ B: { processView: respond('B.processView') } }),
    both: {
      status: 200,
      body: 'B.processView',
      log: `${REQUEST} → A.processView → B.processView → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S06',
    title: 'A.processView returns a response: the other processView hooks are skipped',
    setup: () => ({ A: { processView: respond('A.processView') } }),
    both: {
      status: 200,
      body: 'A.processView',
      log: `${REQUEST} → A.processView → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S07',
    title:
      'view raises, no processException answers: 500, every processResponse sees it',
    setup: (log) => ({ view: recordingView(log, raises(viewError)) }),
    both: {
      status: 500,
      body: 'default',
      error: viewError,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('Error')} → ${RESPONSES(500)}`,
    },
  },
  {
    id: 'S08',
    title: {
      old: 'view raises, C (last) processException answers: B and A are not asked',
      new: 'view raises, C (innermost) processException answers: B and A are not asked',
    },
    setup: (log) => ({
      C: { processException: respond('C.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    both: {
      status: 200,
      body: 'C.processException',
      log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S09',
    title: {
      old: 'view raises, A (first) processException answers after C and B',
      new: 'view raises, A (outermost) processException answers after C and B',
    },
    setup: (log) => ({
      A: { processException: respond('A.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    both: {
      status: 200,
      body: 'A.processException',
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('Error')} → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S10',
    title: 'view raises, B processException answers: A is not asked',
    setup: (log) => ({
      B: { processException: respond('B.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    both: {
      status: 200,
      body: 'B.processException',
      log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S11',
    title: {
      old: 'view raises NotFound, unhandled: 404, every processResponse sees it',
      new: 'view raises NotFound, unhandled: 404 through every layer',
    },
    setup: (log) => ({ view: recordingView(log, raises(notFound)) }),
    both: {
      status: 404,
      body: 'default',
      error: notFound,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('NotFound')} → ${RESPONSES(404)}`,
    },
  },
  {
    id: 'S12',
    title: {
      old: 'view raises PermissionDenied, unhandled: 403',
      new: 'view raises PermissionDenied, unhandled: 403 through every layer',
    },
    setup: (log) => ({ view: recordingView(log, raises(permissionDenied)) }),
    both: {
      status: 403,
      body: 'default',
      error: permissionDenied,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('PermissionDenied')} → ${RESPONSES(403)}`,
    },
  },
  {
    id: 'S13',
    title: 'view raises SuspiciousOperation, unhandled (debug off): 400',
    setup: (log) => ({ view: recordingView(log, raises(suspicious)) }),
    both: {
      status: 400,
      body: 'default',
      error: suspicious,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('SuspiciousOperation')} → ${RESPONSES(400)}`,
    },
  },
  {
    id: 'S14',
    title: {
      old: 'view raises BadRequest (O12’s MultiPartParserError row), unhandled: 400',
      new: 'view raises BadRequest, unhandled (new style only): 400',
    },
    setup: (log) => ({ view: recordingView(log, raises(badRequest)) }),
    // §5 has no OLD line (`BadRequest` is new-style only). Old style runs it as Django
    // 1.9's `MultiPartParserError`, which shallot spells `BadRequest` (§7.1) and which
    // O12 turns into a 400: the same outcome as NEW, but not an OLD == NEW line.
    old: {
      status: 400,
      body: 'default',
      error: badRequest,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('BadRequest')} → ${RESPONSES(400)}`,
    },
    new: {
      status: 400,
      body: 'default',
      error: badRequest,
      log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('BadRequest')} → ${RESPONSES(400)}`,
    },
  },
  {
    id: 'S15',
    title: {
      old: 'view returns undefined: 500 naming the view (O10, D7), every processResponse sees it',
      new: 'view returns undefined: 500, every processResponse sees it',
    },
    setup: (log) => ({ view: recordingView(log, returnsUndefined) }),
    both: {
      status: 500,
      body: 'default',
      log: `${REQUEST} → ${VIEWS} → view → ${RESPONSES(500)}`,
      logged:
        "The view view didn't return a Response object. It returned undefined instead.",
    },
  },
  {
    id: 'S16',
    title: {
      old: 'view returns a TemplateResponse: processTemplateResponse in reverse order, then rendered',
      new: 'view returns a TemplateResponse: processTemplateResponse innermost first, then rendered',
    },
    setup: (log) => ({
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    both: {
      status: 200,
      body: 'TR[view]+C+B+A',
      log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S17',
    title: 'B.processTemplateResponse returns undefined: 500 naming B',
    setup: (log) => ({
      B: { processTemplateResponse: returnsUndefined },
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    both: {
      status: 500,
      body: 'default',
      log: `${REQUEST} → ${VIEWS} → view → C.processTemplateResponse → B.processTemplateResponse → ${RESPONSES(500)}`,
      logged:
        "B.processTemplateResponse didn't return a Response object. It returned undefined instead.",
    },
  },
  {
    id: 'S18',
    title:
      'B.processTemplateResponse raises: 500, A.processTemplateResponse and processException skipped',
    setup: (log) => ({
      B: { processTemplateResponse: raises(new Error('B.processTemplateResponse')) },
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    both: {
      status: 500,
      body: 'default',
      error: new Error('B.processTemplateResponse'),
      log: `${REQUEST} → ${VIEWS} → view → C.processTemplateResponse → B.processTemplateResponse → ${RESPONSES(500)}`,
    },
  },
  {
    id: 'S19',
    title:
      'B.processTemplateResponse returns a brand-new TemplateResponse: only A sees the new one',
    setup: (log) => ({
      B: {
        processTemplateResponse: returns(() =>
          templateResponse('B.processTemplateResponse'),
        ),
      },
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    both: {
      status: 200,
      body: 'TR[B.processTemplateResponse]+A',
      log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S20',
    title: 'render() raises, C.processException answers: 200',
    setup: (log) => ({
      C: { processException: respond('C.processException') },
      view: recordingView(
        log,
        returns(() => failingTemplateResponse('view', log)),
      ),
    }),
    both: {
      status: 200,
      body: 'C.processException',
      log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → view.render → C.processException(Error) → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S21',
    title:
      'B.processView returns a TemplateResponse: it goes through every processTemplateResponse',
    setup: () => ({
      B: { processView: returns(() => templateResponse('B.processView')) },
    }),
    both: {
      status: 200,
      body: 'TR[B.processView]+C+B+A',
      log: `${REQUEST} → A.processView → B.processView → ${TEMPLATES} → ${RESPONSES(200)}`,
    },
  },
  {
    id: 'S22',
    title: {
      old: 'B.processRequest returns a TemplateResponse: every processTemplateResponse, rendered, every processResponse',
      new: 'B.processRequest returns a TemplateResponse: rendered at B’s boundary without processTemplateResponse',
    },
    setup: () => ({
      B: { processRequest: returns(() => templateResponse('B.processRequest')) },
    }),
    old: {
      status: 200,
      body: 'TR[B.processRequest]+C+B+A',
      log: `A.processRequest → B.processRequest → ${TEMPLATES} → ${RESPONSES(200)}`,
    },
    // D2: Django 4.2 never renders it (sending the body fails); shallot renders it at
    // B's boundary, without processTemplateResponse, with NEW's call log.
    new: {
      status: 200,
      body: 'TR[B.processRequest]',
      log: 'A.processRequest → B.processRequest → B.processResponse[200] → A.processResponse[200]',
      difference: 'D2',
    },
  },
  {
    id: 'S23',
    title: {
      old: 'B.processRequest raises: 500, no processException (O9), every processResponse including B’s and C’s',
      new: 'B.processRequest raises: 500, only A.processResponse runs',
    },
    setup: () => ({ B: { processRequest: raises(new Error('B.processRequest')) } }),
    old: {
      status: 500,
      body: 'default',
      error: new Error('B.processRequest'),
      log: `A.processRequest → B.processRequest → ${RESPONSES(500)}`,
    },
    new: {
      status: 500,
      body: 'default',
      error: new Error('B.processRequest'),
      log: 'A.processRequest → B.processRequest → A.processResponse[500]',
    },
  },
  {
    id: 'S24',
    title: {
      old: 'B.processRequest raises NotFound: 404, every processResponse sees it',
      new: 'B.processRequest raises NotFound: 404 converted at B, only A.processResponse runs',
    },
    setup: () => ({ B: { processRequest: raises(new NotFound('B.processRequest')) } }),
    old: {
      status: 404,
      body: 'default',
      error: new NotFound('B.processRequest'),
      log: `A.processRequest → B.processRequest → ${RESPONSES(404)}`,
    },
    new: {
      status: 404,
      body: 'default',
      error: new NotFound('B.processRequest'),
      log: 'A.processRequest → B.processRequest → A.processResponse[404]',
    },
  },
  {
    id: 'S25',
    title: {
      old: 'B.processRequest raises PermissionDenied: 403, every processResponse sees it',
      new: 'B.processRequest raises PermissionDenied: 403 converted at B, only A.processResponse runs',
    },
    setup: () => ({
      B: { processRequest: raises(new PermissionDenied('B.processRequest')) },
    }),
    old: {
      status: 403,
      body: 'default',
      error: new PermissionDenied('B.processRequest'),
      log: `A.processRequest → B.processRequest → ${RESPONSES(403)}`,
    },
    new: {
      status: 403,
      body: 'default',
      error: new PermissionDenied('B.processRequest'),
      log: 'A.processRequest → B.processRequest → A.processResponse[403]',
    },
  },
  {
    id: 'S26',
    title:
      'B.processView raises: 500, no processException, every processResponse sees it',
    setup: () => ({ B: { processView: raises(new Error('B.processView')) } }),
    both: {
      status: 500,
      body: 'default',
      error: new Error('B.processView'),
      log: `${REQUEST} → A.processView → B.processView → ${RESPONSES(500)}`,
    },
  },
  {
    id: 'S27',
    title: {
      old: 'B.processResponse raises: A.processResponse is skipped, 500',
      new: 'B.processResponse raises: converted at B, A.processResponse sees a 500',
    },
    setup: () => ({ B: { processResponse: raises(new Error('B.processResponse')) } }),
    old: {
      status: 500,
      body: 'default',
      error: new Error('B.processResponse'),
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200]`,
      logged: 'Internal Server Error: GET /view/',
    },
    new: {
      status: 500,
      body: 'default',
      error: new Error('B.processResponse'),
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[500]`,
    },
  },
  {
    id: 'S28',
    title: {
      old: 'B.processResponse raises NotFound: still a 500 (O15), A.processResponse is skipped',
      new: 'B.processResponse raises NotFound: converted to 404 at B, A.processResponse sees it',
    },
    setup: () => ({
      B: { processResponse: raises(new NotFound('B.processResponse')) },
    }),
    old: {
      status: 500,
      body: 'default',
      error: new NotFound('B.processResponse'),
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200]`,
      logged: 'Internal Server Error: GET /view/',
    },
    new: {
      status: 404,
      body: 'default',
      error: new NotFound('B.processResponse'),
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[404]`,
    },
  },
  {
    id: 'S29',
    title: {
      old: 'B.processResponse returns undefined: 500 naming B (O14), A.processResponse is skipped',
      new: 'B.processResponse returns undefined: a 500 at B’s boundary, A.processResponse sees it',
    },
    setup: () => ({ B: { processResponse: returnsUndefined } }),
    old: {
      status: 500,
      body: 'default',
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200]`,
      logged:
        "B.processResponse didn't return a Response object. It returned undefined instead.",
    },
    // D1: in Django 4.2 `None` reaches A.processResponse and an AttributeError escapes
    // to the server; shallot turns it into a 500 at B's boundary, logged with old
    // style's wording, and A.processResponse sees the 500.
    new: {
      status: 500,
      body: 'default',
      log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[500]`,
      logged:
        "B.processResponse didn't return a Response object. It returned undefined instead.",
      difference: 'D1',
    },
  },
  {
    id: 'S30',
    title: 'view raises, B.processException raises: A.processException skipped, 500',
    setup: (log) => ({
      B: { processException: raises(new Error('B.processException')) },
      view: recordingView(log, raises(viewError)),
    }),
    both: {
      status: 500,
      body: 'default',
      error: new Error('B.processException'),
      log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ${RESPONSES(500)}`,
    },
  },
]
