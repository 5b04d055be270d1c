/**
 * API misuse: what a user gets for a stack that is put together wrong. Entries that
 * are not factories, factories that return something else than a handler, views and
 * hooks that return something else than a response, and options of the wrong type.
 * Each gets an error that names the culprit: at build time (`ImproperlyConfigured`,
 * N5) where the mistake can be seen then, else a 500 whose log line names it (N9, D1,
 * D7), and the handler never rejects (N2).
 */
import { describe, expect, it } from 'vitest'
import {
  compose,
  createHandler,
  HttpError,
  ImproperlyConfigured,
  TemplateResponse,
  type AnyMiddleware,
  type Handler,
  type Layer,
  type Resolver,
  type View,
} from '../../src/index.js'
import { timed } from '../../src/middleware/index.js'
import {
  dynamic,
  named,
  otherRealmResponse,
  passThrough,
  recordingLogger,
  recordText,
  request,
  responseShapedObject,
} from '../support/index.js'

const view = () => new Response('view')

/** The error `run` throws; fails the test when it throws nothing. */
function thrown(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`expected an Error, got ${String(error)}`, { cause: error })
  }
  throw new Error('expected the build to fail')
}

class AuthHooks {
  processRequest() {
    return undefined
  }
}

/** Values that are not middleware factories, with how messages describe them. */
const notFactories: ReadonlyArray<readonly [string, unknown, string]> = [
  ['null', null, 'null'],
  ['undefined (a trailing comma in a conditional list)', undefined, 'undefined'],
  ['a plain object', { processRequest() {} }, 'an object'],
  ['an instance of a hook class', new AuthHooks(), 'an instance of AuthHooks'],
  [
    'a string (a dotted path, as in Django settings)',
    'app.middleware.Auth',
    'a string',
  ],
  ['a number', 3, 'a number'],
  ['an object without a prototype', Object.create(null), 'an object'],
  ['an instance of an anonymous class', new [class {}][0]!(), 'an object'],
  ['a nested list (spread it)', [() => (h: unknown) => h], 'an array'],
]

describe('N5 — an entry of middleware that is not a factory fails the build', () => {
  for (const [label, entry, described] of notFactories) {
    it(`${label}: ImproperlyConfigured naming its position and what it is, before any factory runs`, () => {
      const startup: string[] = []
      const error = thrown(() =>
        createHandler({
          middleware: dynamic([
            passThrough('A', startup),
            entry,
            passThrough('C', startup),
          ]),
          view,
        }),
      )
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe(
        `middleware[1] is ${described}, not a middleware factory.`,
      )
      expect(startup).toEqual([])
    })
  }

  it('compose() names the argument at once, when it is called', () => {
    const error = thrown(() =>
      compose(passThrough('A', []), null as unknown as AnyMiddleware),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect(error.message).toBe(
      'compose() argument 1 is null, not a middleware factory.',
    )
  })

  it('a hook class given without fromHooks fails the build with the class named', () => {
    // A class is a function, so it passes the entry check; calling it without `new`
    // throws at build time, and the runtime's message names the class.
    const error = thrown(() =>
      createHandler({ middleware: dynamic([passThrough('A', []), AuthHooks]), view }),
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain('AuthHooks')
  })
})

/** Factories returning something else than a handler, with how the value is named. */
const badReturns: ReadonlyArray<readonly [string, () => unknown, string]> = [
  ['undefined (a block body without return)', () => undefined, 'undefined'],
  ['null', () => null, 'null'],
  ['a plain object', () => ({ handle() {} }), 'an object'],
  [
    'a Response (the handler called instead of returned)',
    () => view(),
    'an instance of Response',
  ],
  ['a string', () => 'auth', 'a string'],
]

describe('N5 — a factory that returns something else than a handler fails the build', () => {
  for (const [label, make, described] of badReturns) {
    it(`${label}: \`Middleware factory <name> returned ${described}.\`; the factories below it ran, those above did not`, () => {
      const startup: string[] = []
      const broken = named('sessions', () => {
        startup.push('sessions.factory')
        return make()
      }) as unknown as AnyMiddleware
      const error = thrown(() =>
        createHandler({
          middleware: dynamic([
            passThrough('A', startup),
            broken,
            passThrough('C', startup),
          ]),
          view,
        }),
      )
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe(`Middleware factory sessions returned ${described}.`)
      expect(startup).toEqual(['C.factory', 'sessions.factory'])
    })
  }

  it('a Promise (an async factory): the message says to make it not async', () => {
    async function sessions(getResponse: Handler) {
      return getResponse
    }
    const error = thrown(() => createHandler({ middleware: dynamic([sessions]), view }))
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect(error.message).toBe(
      'Middleware factory sessions returned an instance of Promise. ' +
        'A factory must return its handler synchronously: make it not async.',
    )
  })

  it('inside compose, when the composed middleware is applied', () => {
    const composed = compose(
      passThrough('A', []),
      named('empty', () => undefined) as unknown as AnyMiddleware,
    )
    const error = thrown(() => composed(async () => view()))
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect(error.message).toBe('Middleware factory empty returned undefined.')
  })

  it('wrapped in timed(): the factory is still named by its own name', () => {
    const empty = named('empty', () => undefined) as unknown as AnyMiddleware
    const error = thrown(() =>
      createHandler({ middleware: [timed('session', empty)], view }),
    )
    expect(error).toBeInstanceOf(ImproperlyConfigured)
    expect(error.message).toBe('Middleware factory empty returned undefined.')
  })
})

/** What a view may wrongly return, and how the log line describes it. */
const notResponses: ReadonlyArray<readonly [string, () => unknown, string]> = [
  ['undefined (a forgotten return)', () => undefined, 'undefined'],
  ['null', () => null, 'null'],
  ['a string (the body instead of a Response)', () => '<h1>hi</h1>', 'a string'],
  [
    'a plain object (JSON data instead of Response.json)',
    () => ({ ok: true }),
    'an object',
  ],
  ['a number (a status instead of a Response)', () => 204, 'a number'],
  ['a function (a handler instead of its answer)', () => view, 'a function'],
  ['a Promise of undefined', () => Promise.resolve(undefined), 'undefined'],
  ['a Promise of a string', () => Promise.resolve('text'), 'a string'],
  ['a Promise of a plain object', () => Promise.resolve({ ok: true }), 'an object'],
  ['an instance of a class', () => new AuthHooks(), 'an instance of AuthHooks'],
]

describe('N9/D7 — a view that returns something else than a response', () => {
  for (const [label, make, described] of notResponses) {
    it(`${label}: a 500 logged as \`The view <name> didn't return a Response object. It returned ${described} instead.\``, async () => {
      const logger = recordingLogger()
      const articles = named('articles', make) as unknown as View
      const handler = createHandler({ middleware: [], view: articles, logger })
      const response = await handler(request('/articles/'))
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('500 Internal Server Error\n')
      expect(logger.records.map((record) => record.level)).toEqual(['error'])
      expect(logger.records[0]!.message).toBe(
        'Internal Server Error: GET /articles/: The view articles ' +
          `didn't return a Response object. It returned ${described} instead.`,
      )
    })
  }

  it('an anonymous view is named `anonymous`', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: [() => undefined][0] as unknown as View,
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.records[0]!.message).toContain(
      "The view anonymous didn't return a Response object.",
    )
  })

  it('a view whose name is not a string is named `anonymous`', async () => {
    const logger = recordingLogger()
    const odd = () => undefined
    Object.defineProperty(odd, 'name', { value: 42 })
    const handler = createHandler({
      middleware: [],
      view: odd as unknown as View,
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.records[0]!.message).toContain("The view anonymous didn't return")
  })

  it('a template response whose render() returns a string: `render() didn’t return ...`', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: () => ({ render: () => '<p>rendered to text</p>' }) as never,
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.records[0]!.message).toContain(
      "render() didn't return a Response object. It returned a string instead.",
    )
  })
})

describe('N9/N10 — hooks that return something else than a response', () => {
  const hooked = (hooks: Partial<Layer>): AnyMiddleware =>
    named('Auth', (getResponse: Handler) =>
      Object.assign((request: Request) => getResponse(request), hooks),
    )

  for (const [hook, hooks, failingView] of [
    ['processView', { processView: () => 'login page' }, false],
    ['processException', { processException: () => 'sorry' }, true],
    ['processTemplateResponse', { processTemplateResponse: () => 'rendered' }, false],
  ] as const) {
    it(`${hook} returning a string: a 500 logged as \`Auth.${hook} didn't return ...\``, async () => {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [hooked(hooks as unknown as Partial<Layer>)],
        view: () => {
          if (failingView) throw new Error('view failed')
          return new TemplateResponse(() => 'page', {})
        },
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(logger.at('error').map(recordText).join('\n')).toContain(
        `Auth.${hook} didn't return a Response object. It returned a string instead.`,
      )
    })
  }
})

describe('D1/D2 — a layer that returns something else than a response', () => {
  it('a renderable whose render() returns undefined: `Middleware <name> (render) didn’t return ...`', async () => {
    const logger = recordingLogger()
    const page = named('page', () => async () => ({
      render: () => undefined,
    }))
    const handler = createHandler({ middleware: dynamic([page]), view, logger })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.records[0]!.message).toContain(
      "Middleware page (render) didn't return a Response object. It returned undefined instead.",
    )
  })

  it('a renderable whose render() returns a response of another realm: passed on as it is', async () => {
    const foreign = otherRealmResponse(null, { status: 202 })
    const page = named('page', () => async () => ({
      render: () => foreign,
    }))
    const logger = recordingLogger()
    const handler = createHandler({ middleware: dynamic([page]), view, logger })
    expect(await handler(request())).toBe(foreign)
    expect(logger.records).toEqual([])
  })

  it('a renderable whose render() returns a plain object shaped like a response: a 500', async () => {
    const page = named('page', () => async () => ({
      render: () => responseShapedObject(202),
    }))
    const logger = recordingLogger()
    const handler = createHandler({ middleware: dynamic([page]), view, logger })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.records[0]!.message).toContain(
      "Middleware page (render) didn't return a Response object. It returned an object instead.",
    )
  })
})

describe('resolve — a resolver that returns something unusable', () => {
  for (const [label, match] of [
    ['the view itself instead of { view }', view],
    ['a match whose view is a string', { view: 'articles.detail' }],
    ['a match without a view', { kwargs: { slug: 'x' } }],
  ] as const) {
    it(`${label}: a 500, never a rejection, logged at error level`, async () => {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [],
        resolve: (() => match) as unknown as Resolver,
        logger,
      })
      const response = await handler(request())
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('500 Internal Server Error\n')
      expect(logger.records.map((record) => record.level)).toEqual(['error'])
    })
  }
})

describe('options of the wrong type fail the build', () => {
  const build = (options: unknown) => () =>
    createHandler(options as Parameters<typeof createHandler>[0])

  for (const [label, middleware] of [
    ['a single factory instead of a list', passThrough('A', [])],
    ['a string', 'auth'],
    ['an object of factories', { auth: passThrough('A', []) }],
    ['undefined', undefined],
  ] as const) {
    it(`middleware that is ${label}: \`createHandler() middleware must be an array.\``, () => {
      const error = thrown(build({ middleware, view }))
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe('createHandler() middleware must be an array.')
    })
  }

  for (const [label, debug] of [
    ["the string 'false' (process.env.DEBUG)", 'false'],
    ["the string 'true'", 'true'],
    ['the number 1', 1],
    ['the number 0', 0],
    ['null', null],
  ] as const) {
    it(`debug that is ${label}: \`createHandler() debug must be true or false.\``, () => {
      const error = thrown(build({ middleware: [], view, debug }))
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe('createHandler() debug must be true or false.')
    })
  }

  it('debug left undefined is off', async () => {
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new Error('hidden detail')
      },
      debug: undefined,
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('500 Internal Server Error\n')
  })

  for (const [label, options] of [
    ['a view that is a string', { middleware: [], view: 'articles.detail' }],
    ['a resolve that is an object', { middleware: [], resolve: { '/': view } }],
    ['both view and resolve', { middleware: [], view, resolve: () => ({ view }) }],
    ['neither view nor resolve', { middleware: [] }],
  ] as const) {
    it(`${label}: ImproperlyConfigured naming view and resolve`, () => {
      const error = thrown(build(options))
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe(
        'createHandler() needs exactly one of view (a function answering every request) ' +
          'and resolve (a function choosing the view for a request).',
      )
    })
  }

  it('no options at all: a TypeError at build time, not at the first request', () => {
    expect(build(undefined)).toThrow(TypeError)
  })
})

describe('HttpError with a status that is not an error status', () => {
  for (const status of [302, 200, 399, 600, 404.5, Number.NaN]) {
    it(`${status}: a RangeError when it is made, naming the status`, () => {
      const error = thrown(() => new HttpError(status, 'redirect'))
      expect(error).toBeInstanceOf(RangeError)
      expect(error.message).toBe(
        `HttpError status must be an integer from 400 to 599, got ${status}.`,
      )
    })
  }

  it('a view that throws one answers 500, and the log names the RangeError', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new HttpError(302, 'go elsewhere')
      },
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.at('error').map(recordText).join('\n')).toContain(
      'RangeError: HttpError status must be an integer from 400 to 599, got 302.',
    )
  })
})
