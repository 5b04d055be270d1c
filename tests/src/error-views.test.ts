/**
 * Error views (Django's handler400/403/404/500, semantics.md N3 and O12): the response
 * an exception becomes at any boundary of a stack, in place of the built-in page; a
 * view that fails falls back to the built-in page, and is logged.
 */
import { describe, expect, it } from 'vitest'
import {
  HttpError,
  ImproperlyConfigured,
  NotFound,
  PermissionDenied,
  createHandler,
  responseForError,
  type ErrorView,
  type ErrorViews,
  type Middleware,
} from 'shallot'
import { fromHooks, legacyStack } from 'shallot/legacy'
import { recordingLogger } from '../support/index.js'

const request = (path = '/x', accept?: string) =>
  new Request(`http://localhost${path}`, accept ? { headers: { accept } } : {})

/** A custom page that names the status, the path and what was thrown. */
const page =
  (status: number): ErrorView =>
  (req, error) =>
    new Response(
      `custom ${status} at ${new URL(req.url).pathname}: ${(error as Error).message}`,
      { status, headers: { 'x-error-view': String(status) } },
    )

const asyncPage =
  (status: number): ErrorView =>
  async (req, error) => {
    await new Promise((resolve) => setTimeout(resolve, 1))
    return page(status)(req, error)
  }

/** A layer that records the status and body it received from inside. */
function seen(log: string[]): Middleware {
  return (getResponse) => async (req) => {
    const response = await getResponse(req)
    log.push(`${response.status} ${await response.clone().text()}`)
    return response
  }
}

const thrower =
  (error: unknown): Middleware =>
  () =>
  () => {
    throw error
  }

describe('createHandler({ errorViews }): used at every boundary (N3)', () => {
  it('the view’s error: the outer layers see the custom page', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [seen(log)],
      view: () => {
        throw new NotFound('no such article')
      },
      errorViews: { 404: page(404) },
      logger: recordingLogger(),
    })
    const response = await handler(request('/articles/9'))
    expect(response.status).toBe(404)
    expect(response.headers.get('x-error-view')).toBe('404')
    expect(log).toEqual(['404 custom 404 at /articles/9: no such article'])
  })

  it('a resolver that finds nothing is a 404 through the 404 view (Django’s handler404)', async () => {
    const handler = createHandler({
      middleware: [],
      resolve: () => undefined,
      errorViews: { 404: page(404) },
      logger: recordingLogger(),
    })
    expect(await (await handler(request('/nowhere'))).text()).toBe(
      'custom 404 at /nowhere: No URL matched the request.',
    )
  })

  it('a middle layer’s error is converted at its boundary: the layer outside sees the page', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [seen(log), thrower(new PermissionDenied('staff only'))],
      view: () => new Response('never'),
      errorViews: { 403: asyncPage(403) },
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(403)
    expect(log).toEqual(['403 custom 403 at /x: staff only'])
  })

  it('the outermost layer’s error, a sync view and an async one', async () => {
    for (const view of [page(500), asyncPage(500)]) {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [thrower(new Error('db down'))],
        view: () => new Response('never'),
        errorViews: { 500: view },
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('custom 500 at /x: db down')
      // Logged once, with the error, as the built-in page is.
      expect(logger.records.map((r) => [r.level, r.message])).toEqual([
        ['error', 'Internal Server Error: GET /x'],
      ])
    }
  })

  it('a layer that converts its own errors (withBoundary: fromHooks) uses the views too', async () => {
    class Gate {
      processRequest(): Response {
        throw new HttpError(429, 'slow down')
      }
    }
    class Late {
      processResponse(): Response {
        throw new HttpError(409, 'changed meanwhile')
      }
    }
    const log: string[] = []
    const views: ErrorViews = { 429: page(429), 409: asyncPage(409) }
    for (const Hooks of [Gate, Late]) {
      const handler = createHandler({
        middleware: [seen(log), fromHooks(Hooks)],
        view: () => new Response('ok'),
        errorViews: views,
        logger: recordingLogger(),
      })
      await handler(request())
    }
    expect(log).toEqual([
      '429 custom 429 at /x: slow down',
      '409 custom 409 at /x: changed meanwhile',
    ])
  })

  it('a layer that returns no Response is a 500 through the 500 view (D1)', async () => {
    const handler = createHandler({
      middleware: [
        function broken() {
          return async () => 'oops' as unknown as Response
        },
      ],
      view: () => new Response('ok'),
      errorViews: {
        500: (_req, error) =>
          new Response(String((error as Error).message), { status: 500 }),
      },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe(
      "Middleware broken didn't return a Response object. It returned a string instead.",
    )
  })

  it('a status without a view gets the built-in page', async () => {
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new NotFound()
      },
      errorViews: { 500: page(500) },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('404 Not Found\n')
  })

  it('with debug on the debug page answers, except for 403 (as Django’s DEBUG)', async () => {
    const views = { 403: page(403), 404: page(404) }
    const make = (error: Error) =>
      createHandler({
        middleware: [],
        view: () => {
          throw error
        },
        errorViews: views,
        debug: true,
        logger: recordingLogger(),
      })
    expect(await (await make(new NotFound('a'))(request())).text()).toMatch(
      /^404 Not Found\n\nGET \/x\n\nNotFound: a/,
    )
    expect(await (await make(new PermissionDenied('b'))(request())).text()).toBe(
      'custom 403 at /x: b',
    )
  })
})

describe('an error view that fails falls back to the built-in page', () => {
  const failing: ReadonlyArray<readonly [string, ErrorView, string]> = [
    [
      'throws',
      () => {
        throw new Error('view bug')
      },
      'view bug',
    ],
    [
      'returns no Response',
      () => ({ status: 404 }) as unknown as Response,
      "The error view for 404 didn't return a Response object",
    ],
    ['rejects', () => Promise.reject(new Error('async bug')), 'async bug'],
    [
      'resolves to no Response',
      async () => null as unknown as Response,
      "The error view for 404 didn't return a Response object",
    ],
  ]
  it.each(failing)(
    'one that %s: the status is kept, the failure logged at error',
    async (_label, view, logged) => {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [],
        view: () => {
          throw new NotFound('gone')
        },
        errorViews: { 404: view },
        logger,
      })
      const response = await handler(request('/y', 'application/json'))
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
      })
      const errors = logger.at('error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toBe('The error view for 404 failed: GET /y')
      expect(String((errors[0]!.details[0] as Error).message)).toContain(logged)
      // The 404 itself is logged once, as always.
      expect(logger.at('warn').map((r) => r.message)).toEqual(['Not Found: GET /y'])
    },
  )
})

describe('legacyStack({ errorViews }) (O12, O15)', () => {
  it('the request phase’s error goes through the view, and every processResponse sees the page', async () => {
    const seenStatus: string[] = []
    class Stamp {
      processResponse(_req: Request, response: Response): Response {
        seenStatus.push(`${response.status} ${response.headers.get('x-error-view')}`)
        return response
      }
    }
    const handler = legacyStack({
      middleware: [Stamp],
      view: () => {
        throw new NotFound('no')
      },
      errorViews: { 404: asyncPage(404) },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('custom 404 at /x: no')
    expect(seenStatus).toEqual(['404 404'])
  })

  it('an error in processResponse is a 500 through the 500 view (Django 1.9’s handler500)', async () => {
    class Broken {
      processResponse(): Response {
        throw new Error('late')
      }
    }
    const handler = legacyStack({
      middleware: [Broken],
      view: () => new Response('ok'),
      errorViews: { 500: page(500) },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('custom 500 at /x: late')
  })
})

describe('errorViews is checked at build time', () => {
  const bad: ReadonlyArray<readonly [unknown, string]> = [
    [
      null,
      'errorViews must be an object of error views by status ({ 404: view }), got null.',
    ],
    [
      [page(404)],
      'errorViews must be an object of error views by status ({ 404: view }), got [',
    ],
    [
      '404',
      'errorViews must be an object of error views by status ({ 404: view }), got "404".',
    ],
    [
      { 200: page(200) },
      'errorViews has the key "200"; its keys are error statuses, 400 to 599.',
    ],
    [
      { notFound: page(404) },
      'errorViews has the key "notFound"; its keys are error statuses, 400 to 599.',
    ],
    [
      { 4040: page(404) },
      'errorViews has the key "4040"; its keys are error statuses, 400 to 599.',
    ],
    [
      { 600: page(404) },
      'errorViews has the key "600"; its keys are error statuses, 400 to 599.',
    ],
    [
      { 404: 'not-found.html' },
      'errorViews[404] must be a function (request, error) => Response, got "not-found.html".',
    ],
  ]
  it.each(bad)('%j fails the build naming the culprit', (errorViews, message) => {
    for (const [who, build] of [
      [
        'createHandler()',
        () =>
          createHandler({
            middleware: [],
            view: () => new Response(''),
            errorViews: errorViews as never,
          }),
      ],
      [
        'legacyStack()',
        () =>
          legacyStack({
            middleware: [],
            view: () => new Response(''),
            errorViews: errorViews as never,
          }),
      ],
    ] as const) {
      let thrown: unknown
      try {
        build()
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ImproperlyConfigured)
      expect((thrown as Error).message).toContain(`${who} ${message}`)
    }
  })

  it('the views are copied at build time: a later change to the object changes nothing', async () => {
    const views: Record<number, ErrorView> = { 404: page(404) }
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new NotFound('x')
      },
      errorViews: views,
      logger: recordingLogger(),
    })
    delete views[404]
    expect((await handler(request())).headers.get('x-error-view')).toBe('404')
  })
})

describe('responseForError with a hand-made context', () => {
  it('without errorViews it answers synchronously; with them, a promise when the view gives one', async () => {
    const logger = recordingLogger()
    const sync: Response = responseForError(new NotFound(), request(), {
      debug: false,
      logger,
    })
    expect(sync.status).toBe(404)
    const answer = responseForError(new NotFound('z'), request(), {
      debug: false,
      logger,
      errorViews: { 404: asyncPage(404) },
    })
    expect(answer).toBeInstanceOf(Promise)
    expect(await (await answer).text()).toBe('custom 404 at /x: z')
  })

  it('an entry that is not a function, or a getter that throws, is no view', async () => {
    const logger = recordingLogger()
    const hostile = {
      get 404(): ErrorView {
        throw new Error('getter')
      },
      500: 'nope',
    } as unknown as ErrorViews
    for (const error of [new NotFound(), new Error('x')]) {
      const response = responseForError(error, request(), {
        debug: false,
        logger,
        errorViews: hostile,
      })
      expect(response).toBeInstanceOf(Response)
      expect((response as Response).headers.get('content-type')).toBe(
        'text/plain; charset=utf-8',
      )
    }
  })
})
