/**
 * Conformance scenarios S01–S30 (semantics.md §5), new style: the NEW (or
 * OLD == NEW) outcome of each, run through
 * `createHandler({ middleware: [fromHooks(A), fromHooks(B), fromHooks(C)], view })`.
 *
 * The call logs leave out the informational `signal:` and `convert(...)` entries;
 * Django's `process_*` names are written camelCase and `Exception`/`Http404` are
 * `Error`/`NotFound` (§7.1). Where shallot deliberately differs (§7.2: D1 for S29,
 * D2 for S22) the test asserts shallot's documented behaviour and cites both ids.
 */
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  BadRequest,
  createHandler,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  type View,
} from '../../src/index.js'
import {
  calls,
  failingTemplateResponse,
  hookClass,
  leaks,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  returns,
  returnsUndefined,
  templateResponse,
  type HookConfig,
} from '../support/index.js'

interface Setup {
  readonly A?: HookConfig
  readonly B?: HookConfig
  readonly C?: HookConfig
  readonly view?: View
}

interface Scenario {
  readonly name: string
  readonly setup: (log: string[]) => Setup
  readonly status: number
  /** The exact body, or `default` for Django's `<default NNN page>`. */
  readonly body: string | 'default'
  /** The error whose message and stack a default page must not show. */
  readonly error?: unknown
  readonly log: string
  /** Text an error-level log record must contain. */
  readonly logged?: string
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

const scenarios: Scenario[] = [
  {
    name: 'S01 — plain onion, 3 pass-through middleware: 200 view',
    setup: () => ({}),
    status: 200,
    body: 'view',
    log: `${REQUEST} → ${VIEWS} → view → ${RESPONSES(200)}`,
  },
  {
    name: 'S02 — A.processRequest returns a response: only A sees it on the way out',
    setup: () => ({ A: { processRequest: respond('A.processRequest') } }),
    status: 200,
    body: 'A.processRequest',
    log: 'A.processRequest → A.processResponse[200]',
  },
  {
    name: 'S03 — B.processRequest returns a response: B and A see it, C never runs',
    setup: () => ({ B: { processRequest: respond('B.processRequest') } }),
    status: 200,
    body: 'B.processRequest',
    log: 'A.processRequest → B.processRequest → B.processResponse[200] → A.processResponse[200]',
  },
  {
    name: 'S04 — C.processRequest returns a response: no processView, no view',
    setup: () => ({ C: { processRequest: respond('C.processRequest') } }),
    status: 200,
    body: 'C.processRequest',
    log: `${REQUEST} → ${RESPONSES(200)}`,
  },
  {
    name: 'S05 — B.processView returns a response: C.processView and the view are skipped',
    setup: () => ({ B: { processView: respond('B.processView') } }),
    status: 200,
    body: 'B.processView',
    log: `${REQUEST} → A.processView → B.processView → ${RESPONSES(200)}`,
  },
  {
    name: 'S06 — A.processView returns a response: the other processView hooks are skipped',
    setup: () => ({ A: { processView: respond('A.processView') } }),
    status: 200,
    body: 'A.processView',
    log: `${REQUEST} → A.processView → ${RESPONSES(200)}`,
  },
  {
    name: 'S07 — view raises, no processException answers: 500, every processResponse sees it',
    setup: (log) => ({ view: recordingView(log, raises(viewError)) }),
    status: 500,
    body: 'default',
    error: viewError,
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('Error')} → ${RESPONSES(500)}`,
  },
  {
    name: 'S08 — view raises, C (innermost) processException answers: B and A are not asked',
    setup: (log) => ({
      C: { processException: respond('C.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    status: 200,
    body: 'C.processException',
    log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → ${RESPONSES(200)}`,
  },
  {
    name: 'S09 — view raises, A (outermost) processException answers after C and B',
    setup: (log) => ({
      A: { processException: respond('A.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    status: 200,
    body: 'A.processException',
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('Error')} → ${RESPONSES(200)}`,
  },
  {
    name: 'S10 — view raises, B processException answers: A is not asked',
    setup: (log) => ({
      B: { processException: respond('B.processException') },
      view: recordingView(log, raises(viewError)),
    }),
    status: 200,
    body: 'B.processException',
    log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ${RESPONSES(200)}`,
  },
  {
    name: 'S11 — view raises NotFound, unhandled: 404 through every layer',
    setup: (log) => ({ view: recordingView(log, raises(notFound)) }),
    status: 404,
    body: 'default',
    error: notFound,
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('NotFound')} → ${RESPONSES(404)}`,
  },
  {
    name: 'S12 — view raises PermissionDenied, unhandled: 403 through every layer',
    setup: (log) => ({ view: recordingView(log, raises(permissionDenied)) }),
    status: 403,
    body: 'default',
    error: permissionDenied,
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('PermissionDenied')} → ${RESPONSES(403)}`,
  },
  {
    name: 'S13 — view raises SuspiciousOperation, unhandled (debug off): 400',
    setup: (log) => ({ view: recordingView(log, raises(suspicious)) }),
    status: 400,
    body: 'default',
    error: suspicious,
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('SuspiciousOperation')} → ${RESPONSES(400)}`,
  },
  {
    name: 'S14 — view raises BadRequest, unhandled (new style only): 400',
    setup: (log) => ({ view: recordingView(log, raises(badRequest)) }),
    status: 400,
    body: 'default',
    error: badRequest,
    log: `${REQUEST} → ${VIEWS} → view → ${EXCEPTIONS('BadRequest')} → ${RESPONSES(400)}`,
  },
  {
    name: 'S15 — view returns undefined: 500, every processResponse sees it',
    setup: (log) => ({ view: recordingView(log, returnsUndefined) }),
    status: 500,
    body: 'default',
    log: `${REQUEST} → ${VIEWS} → view → ${RESPONSES(500)}`,
    logged:
      "The view view didn't return a Response object. It returned undefined instead.",
  },
  {
    name: 'S16 — view returns a TemplateResponse: processTemplateResponse innermost first, then rendered',
    setup: (log) => ({
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    status: 200,
    body: 'TR[view]+C+B+A',
    log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → ${RESPONSES(200)}`,
  },
  {
    name: 'S17 — B.processTemplateResponse returns undefined: 500 naming B',
    setup: (log) => ({
      B: { processTemplateResponse: returnsUndefined },
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    status: 500,
    body: 'default',
    log: `${REQUEST} → ${VIEWS} → view → C.processTemplateResponse → B.processTemplateResponse → ${RESPONSES(500)}`,
    logged:
      "B.processTemplateResponse didn't return a Response object. It returned undefined instead.",
  },
  {
    name: 'S18 — B.processTemplateResponse raises: 500, A.processTemplateResponse and processException skipped',
    setup: (log) => ({
      B: { processTemplateResponse: raises(new Error('B.processTemplateResponse')) },
      view: recordingView(
        log,
        returns(() => templateResponse('view')),
      ),
    }),
    status: 500,
    body: 'default',
    error: new Error('B.processTemplateResponse'),
    log: `${REQUEST} → ${VIEWS} → view → C.processTemplateResponse → B.processTemplateResponse → ${RESPONSES(500)}`,
  },
  {
    name: 'S19 — B.processTemplateResponse returns a brand-new TemplateResponse: only A sees the new one',
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
    status: 200,
    body: 'TR[B.processTemplateResponse]+A',
    log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → ${RESPONSES(200)}`,
  },
  {
    name: 'S20 — render() raises, C.processException answers: 200',
    setup: (log) => ({
      C: { processException: respond('C.processException') },
      view: recordingView(
        log,
        returns(() => failingTemplateResponse('view', log)),
      ),
    }),
    status: 200,
    body: 'C.processException',
    log: `${REQUEST} → ${VIEWS} → view → ${TEMPLATES} → view.render → C.processException(Error) → ${RESPONSES(200)}`,
  },
  {
    name: 'S21 — B.processView returns a TemplateResponse: it goes through every processTemplateResponse',
    setup: () => ({
      B: { processView: returns(() => templateResponse('B.processView')) },
    }),
    status: 200,
    body: 'TR[B.processView]+C+B+A',
    log: `${REQUEST} → A.processView → B.processView → ${TEMPLATES} → ${RESPONSES(200)}`,
  },
  {
    name: 'S22/D2 — B.processRequest returns a TemplateResponse: rendered at B’s boundary without processTemplateResponse',
    setup: () => ({
      B: { processRequest: returns(() => templateResponse('B.processRequest')) },
    }),
    status: 200,
    body: 'TR[B.processRequest]',
    log: 'A.processRequest → B.processRequest → B.processResponse[200] → A.processResponse[200]',
  },
  {
    name: 'S23 — B.processRequest raises: 500, only A.processResponse runs',
    setup: () => ({ B: { processRequest: raises(new Error('B.processRequest')) } }),
    status: 500,
    body: 'default',
    error: new Error('B.processRequest'),
    log: 'A.processRequest → B.processRequest → A.processResponse[500]',
  },
  {
    name: 'S24 — B.processRequest raises NotFound: 404 converted at B, only A.processResponse runs',
    setup: () => ({ B: { processRequest: raises(new NotFound('B.processRequest')) } }),
    status: 404,
    body: 'default',
    error: new NotFound('B.processRequest'),
    log: 'A.processRequest → B.processRequest → A.processResponse[404]',
  },
  {
    name: 'S25 — B.processRequest raises PermissionDenied: 403 converted at B, only A.processResponse runs',
    setup: () => ({
      B: { processRequest: raises(new PermissionDenied('B.processRequest')) },
    }),
    status: 403,
    body: 'default',
    error: new PermissionDenied('B.processRequest'),
    log: 'A.processRequest → B.processRequest → A.processResponse[403]',
  },
  {
    name: 'S26 — B.processView raises: 500, no processException, every processResponse sees it',
    setup: () => ({ B: { processView: raises(new Error('B.processView')) } }),
    status: 500,
    body: 'default',
    error: new Error('B.processView'),
    log: `${REQUEST} → A.processView → B.processView → ${RESPONSES(500)}`,
  },
  {
    name: 'S27 — B.processResponse raises: converted at B, A.processResponse sees a 500',
    setup: () => ({ B: { processResponse: raises(new Error('B.processResponse')) } }),
    status: 500,
    body: 'default',
    error: new Error('B.processResponse'),
    log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[500]`,
  },
  {
    name: 'S28 — B.processResponse raises NotFound: converted to 404 at B, A.processResponse sees it',
    setup: () => ({
      B: { processResponse: raises(new NotFound('B.processResponse')) },
    }),
    status: 404,
    body: 'default',
    error: new NotFound('B.processResponse'),
    log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[404]`,
  },
  {
    name: 'S29/D1 — B.processResponse returns undefined: a 500 at B’s boundary, A.processResponse sees it',
    setup: () => ({ B: { processResponse: returnsUndefined } }),
    status: 500,
    body: 'default',
    log: `${REQUEST} → ${VIEWS} → view → C.processResponse[200] → B.processResponse[200] → A.processResponse[500]`,
    logged:
      "B.processResponse didn't return a Response object. It returned undefined instead.",
  },
  {
    name: 'S30 — view raises, B.processException raises: A.processException skipped, 500',
    setup: (log) => ({
      B: { processException: raises(new Error('B.processException')) },
      view: recordingView(log, raises(viewError)),
    }),
    status: 500,
    body: 'default',
    error: new Error('B.processException'),
    log: `${REQUEST} → ${VIEWS} → view → C.processException(Error) → B.processException(Error) → ${RESPONSES(500)}`,
  },
]

async function run(scenario: Scenario, async: boolean): Promise<void> {
  const log: string[] = []
  const setup = scenario.setup(log)
  const logger = recordingLogger()
  const handler = createHandler({
    middleware: [
      fromHooks(hookClass('A', log, { ...setup.A, async })),
      fromHooks(hookClass('B', log, { ...setup.B, async })),
      fromHooks(hookClass('C', log, { ...setup.C, async })),
    ],
    view: setup.view ?? recordingView(log),
    logger,
  })

  const response = await handler(request())

  expect(response).toBeInstanceOf(Response)
  expect(response.status).toBe(scenario.status)
  const body = await response.text()
  if (scenario.body === 'default') {
    expect(leaks(body, scenario.error)).toEqual([])
    if (scenario.error instanceof Error) {
      expect(body).not.toContain(scenario.error.message)
    }
  } else {
    expect(body).toBe(scenario.body)
  }
  expect(log).toEqual(calls(scenario.log))
  if (scenario.logged !== undefined) {
    const errors = logger.at('error').map(recordText)
    expect(errors.some((text) => text.includes(scenario.logged!))).toBe(true)
  }
}

describe('scenarios S01–S30, new style (createHandler + fromHooks)', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => run(scenario, false))
  }
})

describe('M6 — the same scenarios with every hook async (a promise-returning method)', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name} [M6: async hooks]`, () => run(scenario, true))
  }
})
