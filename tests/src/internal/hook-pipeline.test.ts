/**
 * One hook pipeline for both styles: `createHandler` (new style, N7–N11) and
 * `legacyStack` (old style, O6–O11) run the same `processView`, view,
 * `processException` and `processTemplateResponse` steps, so whatever they share they
 * name the same way in their messages (N9, O10, O14, D7).
 */
import { describe, expect, it } from 'vitest'
import {
  fromHooks,
  legacyStack,
  type HookClass,
} from '../../../adapters/legacy/index.js'
import { createHandler, type View } from '../../../src/index.js'
import { HOOK_NAMES } from '../../../src/internal/hook-pipeline.js'
import {
  hookClass,
  raises,
  recordingLogger,
  recordText,
  request,
  returns,
  returnsUndefined,
  templateResponse,
  type HookConfig,
} from '../../support/index.js'

/** The error lines a stack logged for one request, as text. */
async function errorLines(
  build: (
    logger: ReturnType<typeof recordingLogger>,
  ) => (r: Request) => Promise<Response>,
): Promise<{ status: number; text: string }> {
  const logger = recordingLogger()
  const response = await build(logger)(request())
  return {
    status: response.status,
    text: logger.at('error').map(recordText).join('\n'),
  }
}

/** The same classes and view as an old-style and as a new-style stack. */
async function bothStyles(classes: readonly HookClass[], view: View) {
  const old = await errorLines((logger) =>
    legacyStack({ middleware: classes, view, logger }),
  )
  const current = await errorLines((logger) =>
    createHandler({ middleware: classes.map((c) => fromHooks(c)), view, logger }),
  )
  return { old, current }
}

const renamed = (view: View, name: unknown): View =>
  Object.defineProperty(view, 'name', { value: name })

const views: [string, () => View, string][] = [
  [
    'a named function',
    () =>
      function home() {
        return undefined
      },
    'The view home',
  ],
  [
    'an arrow function without a name',
    () => [() => undefined][0]!,
    'The view anonymous',
  ],
  [
    'a bound function',
    () =>
      function detail() {
        return undefined
      }.bind(null),
    'The view bound detail',
  ],
  [
    'a name that is not a string',
    () => renamed(() => undefined, 42),
    'The view anonymous',
  ],
  ['a name that is empty', () => renamed(() => undefined, ''), 'The view anonymous'],
]

describe('N9/O10/D7 — both styles name a view the same way', () => {
  for (const [what, make, named] of views) {
    it(`N9/O10/D7 — ${what}: "${named} didn't return a Response object" in both`, async () => {
      const { old, current } = await bothStyles([], make())
      const message = `${named} didn't return a Response object. It returned undefined instead.`
      expect(old.status).toBe(500)
      expect(current.status).toBe(500)
      expect(old.text).toContain(message)
      expect(current.text).toContain(message)
    })
  }
})

describe('N9/O10 — both styles name the hook that answered with something else', () => {
  const cases: [string, HookConfig, View, string][] = [
    [
      'processView',
      { processView: returns(() => 'yes') },
      () => new Response('view'),
      "A.processView didn't return a Response object. It returned a string instead.",
    ],
    [
      'processException',
      { processException: returns(() => 7) },
      () => {
        throw new Error('view')
      },
      "A.processException didn't return a Response object. It returned a number instead.",
    ],
    [
      'processTemplateResponse',
      { processTemplateResponse: returnsUndefined },
      () => templateResponse('view'),
      "A.processTemplateResponse didn't return a Response object. It returned undefined instead.",
    ],
  ]
  for (const [hook, config, view, message] of cases) {
    it(`N9/O10 — ${hook}: the same 500 and message in both`, async () => {
      const { old, current } = await bothStyles([hookClass('A', [], config)], view)
      expect(old.status).toBe(500)
      expect(current.status).toBe(500)
      expect(old.text).toContain(message)
      expect(current.text).toContain(message)
    })
  }

  it('N10/O11 — render() raising with no processException answer: a 500 in both', async () => {
    const failing = { render: () => Promise.reject(new Error('render')) }
    const { old, current } = await bothStyles(
      [hookClass('A', [], { processException: returnsUndefined })],
      () => failing,
    )
    expect([old.status, current.status]).toEqual([500, 500])
  })

  it('N7/O5 — a resolver finding nothing is a 404 before any processView in both', async () => {
    const log: string[] = []
    const A = hookClass('A', log, { processView: raises(new Error('never')) })
    const resolve = () => undefined
    const logger = recordingLogger()
    const old = await legacyStack({ middleware: [A], resolve, logger })(request())
    const current = await createHandler({
      middleware: [fromHooks(A)],
      resolve,
      logger,
    })(request())
    expect([old.status, current.status]).toEqual([404, 404])
    expect(log.filter((entry) => entry === 'A.processView')).toEqual([])
  })
})

describe('the hook names', () => {
  it('are the five Django hooks, camelCase, in the order Django documents them', () => {
    expect(HOOK_NAMES).toEqual([
      'processRequest',
      'processView',
      'processTemplateResponse',
      'processResponse',
      'processException',
    ])
  })
})
