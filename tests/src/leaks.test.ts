/**
 * Leaks and secrets (N3, contract: `debug`). In production (debug off) no error
 * response carries, in its body or its headers, the error's message, a stack, a file
 * path or a value from the environment, wherever the error comes from: a layer before
 * or after `getResponse`, the view, a resolver, a hook, rendering, a callback given to
 * a built-in middleware, or a built-in middleware's own error. Each body is then
 * exactly `<status> <reason phrase>\n`. With debug on, the same errors do show their
 * detail, which proves each probe reaches an error response. A body that fails while
 * it streams ends in an error for the server to handle, never in error text. And a
 * stack built with debug on while `NODE_ENV` is `production` says so once, at build
 * time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createHandler,
  HttpError,
  NotFound,
  TemplateResponse,
  type AnyMiddleware,
  type Handler,
  type Logger,
  type Middleware,
  type View,
} from '../../src/index.js'
import {
  bodyLimit,
  common,
  compress,
  conditionalGet,
  cors,
  requestId,
  serverTiming,
  timed,
  timeout,
  timingReport,
} from '../../src/middleware/index.js'
import { dynamic, leaks, named, recordingLogger, recordText } from '../support/index.js'

const SECRET = 'hunter2-3b9e'
const ENV_NAME = 'SHALLOT_LEAK_PROBE'
const ENV_VALUE = 'env-value-71c4d0'
const FILE_PATH = '/srv/app/src/settings.ts:12'

/** RFC 9110's reason phrases for the statuses these probes end in. */
const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  418: "I'm a teapot",
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

beforeEach(() => {
  vi.stubEnv(ENV_NAME, ENV_VALUE)
})

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

/** An error whose message carries the secret, an environment value and a file path. */
function secretError(): Error {
  return new Error(
    `db password ${SECRET} from ${process.env[ENV_NAME]} read at ${FILE_PATH}`,
  )
}

/**
 * What a production error response must not show: the `leaks()` fragments (stack
 * frames, file paths, `Error:`) for `error`, the secret, every environment value long
 * enough to mean something, and compiled-code frames.
 */
function exposed(text: string, error?: unknown): string[] {
  const found = leaks(text, error)
  const secrets = [
    SECRET,
    FILE_PATH,
    '.js:',
    'file:',
    ...Object.values(process.env).filter(
      (value): value is string => value !== undefined && value.length >= 8,
    ),
  ]
  for (const secret of secrets) if (text.includes(secret)) found.push(secret)
  return found
}

/** The body and every header of a response, as one text to search. */
async function everything(
  response: Response,
): Promise<{ body: string; headers: string }> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`)
  return { body: await response.text(), headers: headers.join('\n') }
}

const quietLogger = (): Logger => recordingLogger()

interface Probe {
  /** Where the error comes from. */
  readonly place: string
  /** The status production answers with. */
  readonly status: number
  /** Text that the debug page shows and production must not. */
  readonly detail: string
  /** Builds the handler, with `debug` as given. */
  readonly build: (debug: boolean) => Handler
  /** The request to send; default `GET /page/`. */
  readonly request?: () => Request
}

const ok: View = () => new Response('page')
const get = (path = '/page/', init: RequestInit = {}) =>
  new Request(`https://app.example${path}`, init)

/** A stack of `middleware` around `view`, with a logger that keeps quiet. */
function stack(
  middleware: readonly AnyMiddleware[],
  view: View = ok,
): (debug: boolean) => Handler {
  return (debug) =>
    createHandler({
      middleware: dynamic([...middleware]),
      view,
      debug,
      logger: quietLogger(),
    })
}

const throwing = (make: () => unknown) => () => {
  throw make()
}

/** A layer that throws `make()` before or after `getResponse`. */
function failingLayer(when: 'before' | 'after', make: () => unknown): Middleware {
  return named(`fails_${when}`, (getResponse: Handler) => async (request: Request) => {
    if (when === 'before') throw make()
    await getResponse(request)
    throw make()
  })
}

/** A layer carrying one hook that throws. */
function hooked(hook: 'processView' | 'processException' | 'processTemplateResponse') {
  return named('Hooked', (getResponse: Handler) =>
    Object.assign((request: Request) => getResponse(request), {
      [hook]: throwing(secretError),
    }),
  )
}

const probes: readonly Probe[] = [
  {
    place: 'a layer, before getResponse',
    status: 500,
    detail: SECRET,
    build: stack([failingLayer('before', secretError)]),
  },
  {
    place: 'a layer, after getResponse',
    status: 500,
    detail: SECRET,
    build: stack([failingLayer('after', secretError)]),
  },
  {
    place: 'a layer rejecting with a string',
    status: 500,
    detail: SECRET,
    build: stack([failingLayer('before', () => `token ${SECRET} at ${FILE_PATH}`)]),
  },
  {
    place: 'a layer throwing an object whose toString tells the secret',
    status: 500,
    detail: SECRET,
    build: stack([
      failingLayer('before', () => ({ toString: () => `token ${SECRET}` })),
    ]),
  },
  {
    place: 'the view',
    status: 500,
    detail: SECRET,
    build: stack([], throwing(secretError)),
  },
  {
    place: 'the view, rejecting',
    status: 500,
    detail: SECRET,
    build: stack([], () => Promise.reject(secretError())),
  },
  {
    place: 'the view, with NotFound',
    status: 404,
    detail: SECRET,
    build: stack(
      [],
      throwing(() => new NotFound(`no page for ${SECRET}`)),
    ),
  },
  {
    place: 'the view, with an HttpError of a status without a listed phrase (418)',
    status: 418,
    detail: SECRET,
    build: stack(
      [],
      throwing(() => new HttpError(418, `teapot ${SECRET}`)),
    ),
  },
  {
    place: 'the view, with an HttpError 502',
    status: 502,
    detail: SECRET,
    build: stack(
      [],
      throwing(() => new HttpError(502, `upstream ${SECRET}`)),
    ),
  },
  {
    place: 'the resolver',
    status: 500,
    detail: SECRET,
    build: (debug) =>
      createHandler({
        middleware: [],
        resolve: throwing(secretError),
        debug,
        logger: quietLogger(),
      }),
  },
  {
    place: 'processView',
    status: 500,
    detail: SECRET,
    build: stack([hooked('processView')]),
  },
  {
    place: 'processException',
    status: 500,
    detail: SECRET,
    build: stack(
      [hooked('processException')],
      throwing(() => new Error('first')),
    ),
  },
  {
    place: 'processTemplateResponse',
    status: 500,
    detail: SECRET,
    build: stack(
      [hooked('processTemplateResponse')],
      () => new TemplateResponse(() => 'x', {}),
    ),
  },
  {
    place: 'a template while rendering',
    status: 500,
    detail: SECRET,
    build: stack([], () => new TemplateResponse(throwing(secretError), {})),
  },
  {
    place: 'a template returned by a layer, while rendering at its boundary',
    status: 500,
    detail: SECRET,
    build: stack([
      named(
        'page',
        () => async () => new TemplateResponse(throwing(secretError), {}),
      ) as unknown as AnyMiddleware,
    ]),
  },
  {
    place: 'a timed() layer inside serverTiming()',
    status: 500,
    detail: SECRET,
    build: stack([serverTiming(), timed('auth', failingLayer('before', secretError))]),
  },
  {
    place: "cors()'s origin function",
    status: 500,
    detail: SECRET,
    build: stack([cors({ origin: throwing(secretError) })]),
    request: () => get('/page/', { headers: { origin: 'https://other.example' } }),
  },
  {
    place: "conditionalGet()'s validators",
    status: 500,
    detail: SECRET,
    build: stack([conditionalGet({ validators: throwing(secretError) })]),
  },
  {
    place: "common()'s isValidPath",
    status: 500,
    detail: SECRET,
    build: stack([common({ isValidPath: throwing(secretError) })], () => {
      throw new NotFound()
    }),
    request: () => get('/page'),
  },
  {
    place: "compress()'s compressible",
    status: 500,
    detail: SECRET,
    build: stack([compress({ compressible: throwing(secretError) })]),
  },
  {
    place: "requestId()'s generate returning a value that is not a header value",
    status: 500,
    detail: SECRET,
    build: stack([requestId({ generate: () => `\n${SECRET}` })]),
  },
  {
    place: "serverTiming()'s clock",
    status: 500,
    detail: SECRET,
    build: stack([serverTiming({ now: throwing(secretError) })]),
  },
  {
    place: "timingReport()'s callback",
    status: 500,
    detail: SECRET,
    build: stack([timingReport(throwing(secretError))]),
  },
  {
    place: 'conditionalGet(), a failed If-Match (the path is in the message)',
    status: 412,
    detail: `/private-${SECRET}/`,
    build: stack([conditionalGet()]),
    request: () => get(`/private-${SECRET}/`, { headers: { 'if-match': '"other"' } }),
  },
  {
    place: 'bodyLimit(), a Content-Length over the limit',
    status: 413,
    detail: 'maxBytes',
    build: stack([bodyLimit(4)]),
    request: () =>
      get('/upload/', {
        method: 'POST',
        body: '0123456789',
        headers: { 'content-length': '10' },
      }),
  },
  {
    place: 'bodyLimit(), a Content-Length that is not a number (echoed in the message)',
    status: 400,
    detail: SECRET,
    build: stack([bodyLimit(4)]),
    request: () =>
      get('/upload/', {
        method: 'POST',
        body: 'x',
        headers: { 'content-length': `1 ${SECRET}` },
      }),
  },
  {
    place: 'timeout(), past the deadline',
    status: 503,
    detail: 'no response within',
    build: stack(
      [timeout(5)],
      () =>
        new Promise((resolve) => setTimeout(() => resolve(new Response('late')), 200)),
    ),
  },
]

describe('production (debug off): an error response shows its status and nothing else', () => {
  for (const probe of probes) {
    it(`N3 — ${probe.place}: ${probe.status}, no message, stack, path or environment value`, async () => {
      const response = await probe.build(false)((probe.request ?? get)())
      expect(response.status).toBe(probe.status)
      const { body, headers } = await everything(response)
      expect(body).toBe(`${probe.status} ${REASON[probe.status]}\n`)
      expect(exposed(body)).toEqual([])
      expect(exposed(headers)).toEqual([])
      expect(body).not.toContain(probe.detail)
    })
  }
})

describe('debug on: the same errors show their detail (the probes reach an error page)', () => {
  for (const probe of probes) {
    it(`N3 — ${probe.place}: the debug page shows it`, async () => {
      const response = await probe.build(true)((probe.request ?? get)())
      expect(response.status).toBe(probe.status)
      expect(await response.text()).toContain(probe.detail)
    })
  }
})

describe('the detail goes to the log instead', () => {
  it('N3 — production keeps the error for the operator: the log has the message, the client does not', async () => {
    const logger = recordingLogger()
    const error = secretError()
    const handler = createHandler({
      middleware: [],
      view: throwing(() => error),
      logger,
    })
    const response = await handler(get())
    expect(exposed(await response.text(), error)).toEqual([])
    expect(logger.at('error').map(recordText).join('\n')).toContain(SECRET)
  })
})

describe('a build that fails tells the caller, not a client', () => {
  it('N5 — a factory that throws fails createHandler with that error; no handler, so no response, exists', () => {
    const error = secretError()
    const broken = named('broken', () => {
      throw error
    })
    expect(() =>
      createHandler({ middleware: dynamic([broken]), view: ok, logger: quietLogger() }),
    ).toThrow(error)
  })
})

/** A body of `chunks`, then an error carrying the secret. */
function failingBody(
  chunks: readonly string[],
  error: Error,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++]
      if (chunk === undefined) controller.error(error)
      else controller.enqueue(encoder.encode(chunk))
    },
  })
}

/** Reads a body to its end or its error: the text before, and what ended it. */
async function drain(response: Response): Promise<{ text: string; failure: unknown }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { text, failure: undefined }
      text += decoder.decode(value, { stream: true })
    }
  } catch (failure) {
    return { text, failure }
  }
}

/** A layer that passes the body through a transform which fails after `after` chunks. */
function failingTransform(after: number, error: Error): Middleware {
  return (getResponse) => async (request) => {
    const response = await getResponse(request)
    let seen = 0
    const transform = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (seen++ === after) throw error
        controller.enqueue(chunk)
      },
    })
    return new Response(response.body!.pipeThrough(transform), response)
  }
}

describe('ST2 — a body that fails while streaming ends in an error, never in error text', () => {
  const chunks = ['<p>one</p>', '<p>two</p>', '<p>three</p>']

  const cases: ReadonlyArray<
    readonly [string, readonly AnyMiddleware[], View | undefined, string]
  > = [
    [
      'a transform layer failing after its first chunk',
      [failingTransform(1, secretError())],
      () => new Response(failingBody(chunks, new Error('unused'))),
      chunks[0]!,
    ],
    ['common() in front of a failing body', [common()], undefined, chunks.join('')],
    [
      'conditionalGet() in front of a failing body',
      [conditionalGet()],
      undefined,
      chunks.join(''),
    ],
  ]
  for (const [label, middleware, view, before] of cases) {
    for (const debug of [false, true]) {
      it(`${label} (debug ${debug ? 'on' : 'off'}): the bytes before the failure, then the error; no secret in the body or headers`, async () => {
        const error = secretError()
        const handler = createHandler({
          middleware: dynamic([...middleware]),
          view: view ?? (() => new Response(failingBody(chunks, error))),
          debug,
          logger: quietLogger(),
        })
        const response = await handler(get())
        expect(response.status).toBe(200)
        const { text, failure } = await drain(response)
        expect(failure).toBeInstanceOf(Error)
        expect((failure as Error).message).toContain(SECRET)
        expect(text).toBe(before)
        expect(exposed(text)).toEqual([])
        const headers = [...response.headers].map(
          ([name, value]) => `${name}: ${value}`,
        )
        expect(exposed(headers.join('\n'))).toEqual([])
      })
    }
  }

  it('compress() in front of a failing body: the compressed stream errors instead of ending', async () => {
    const error = secretError()
    const handler = createHandler({
      middleware: [compress()],
      view: () => new Response(failingBody(['x'.repeat(300)], error)),
      logger: quietLogger(),
    })
    const response = await handler(
      get('/page/', { headers: { 'accept-encoding': 'gzip' } }),
    )
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const { failure } = await drain(response)
    expect(failure).toBe(error)
  })
})

describe('debug in production: warned once, at build time', () => {
  const WARNING = 'createHandler() debug is on with NODE_ENV=production.'

  const build = (debug: boolean, logger: Logger = recordingLogger()) =>
    createHandler({
      middleware: [failingLayer('after', secretError)],
      view: ok,
      debug,
      logger,
    })

  it('NODE_ENV=production and debug on: one warning when the stack is built, none per request; debug still works', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const logger = recordingLogger()
    const handler = build(true, logger)
    expect(logger.records.map((record) => [record.level, record.message])).toEqual([
      ['warn', WARNING],
    ])
    const response = await handler(get())
    await handler(get())
    expect(await response.text()).toContain(SECRET)
    expect(logger.at('warn')).toHaveLength(1)
  })

  it('NODE_ENV=production and debug on, with the default logger: console.warn gets it', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    createHandler({ middleware: [], view: ok, debug: true })
    expect(warn.mock.calls).toEqual([[WARNING]])
  })

  it('NODE_ENV=production and debug off: nothing to warn about', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const logger = recordingLogger()
    build(false, logger)
    expect(logger.records).toEqual([])
  })

  for (const value of ['development', 'test', 'Production', '']) {
    it(`NODE_ENV=${JSON.stringify(value)} and debug on: no warning`, () => {
      vi.stubEnv('NODE_ENV', value)
      const logger = recordingLogger()
      build(true, logger)
      expect(logger.records).toEqual([])
    })
  }

  it('NODE_ENV not set and debug on: no warning', () => {
    vi.stubEnv('NODE_ENV', undefined)
    expect(process.env['NODE_ENV']).toBeUndefined()
    const logger = recordingLogger()
    build(true, logger)
    expect(logger.records).toEqual([])
  })

  /** Runs `run` with `globalThis.process` replaced by `value`, restoring it after. */
  function withProcess<T>(value: unknown, run: () => T): T {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'process')!
    Object.defineProperty(globalThis, 'process', {
      value,
      configurable: true,
      writable: true,
    })
    try {
      return run()
    } finally {
      Object.defineProperty(globalThis, 'process', original)
    }
  }

  it('a runtime without process (workerd, browsers): builds, no warning', async () => {
    const logger = recordingLogger()
    const handler = withProcess(undefined, () => build(true, logger))
    expect(logger.records).toEqual([])
    expect((await handler(get())).status).toBe(500)
  })

  it('a process.env that throws when read (Deno without env access): builds, no warning', async () => {
    const denied = {
      get env(): never {
        throw new Error('Requires env access to "NODE_ENV"')
      },
    }
    const logger = recordingLogger()
    const handler = withProcess(denied, () => build(true, logger))
    expect(logger.records).toEqual([])
    expect((await handler(get())).status).toBe(500)
  })
})
