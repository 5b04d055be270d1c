/**
 * `createHandler` never rejects (N2), whatever a layer or view throws or returns and
 * whatever the logger does: errors whose getters throw, values `console` cannot print,
 * objects whose `status` or `render` getter throws, Proxies whose `getPrototypeOf` trap
 * throws, and loggers that throw, reject or cannot render a circular error. A failing
 * logger never changes the answer.
 */
import { format } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createHandler,
  MiddlewareNotUsed,
  NotFound,
  type Handler,
  type Logger,
  type Middleware,
} from '../../src/index.js'
import {
  circularError,
  consoleLikeLogger,
  HOSTILE_RETURNED,
  HOSTILE_THROWN,
  hostileReturned,
  hostileThrown,
  jsonLinesLogger,
  rejectingLogger,
  throwingLogger,
} from '../support/hostile.js'
import { recordingLogger, request } from '../support/index.js'
import { oneResponse } from '../support/one-response.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** `console` rendering its arguments (and throwing where it would), printing nothing. */
function quietConsole(): void {
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      format(...args)
    })
  }
}

/** A stack whose outermost layer throws `thrown`. */
function outermostThrows(
  thrown: unknown,
  options: { debug?: boolean; logger?: Logger },
) {
  const outer: Middleware = () => () => {
    throw thrown
  }
  return createHandler({
    middleware: [outer],
    view: () => new Response('ok'),
    ...options,
  })
}

describe('an outermost layer that throws what nothing can read', () => {
  for (const kind of HOSTILE_THROWN) {
    for (const debug of [false, true]) {
      it(`N2 — ${kind}, default console logger, debug ${debug}: a 500, no rejection`, async () => {
        quietConsole()
        const response = await oneResponse(() =>
          outermostThrows(hostileThrown(kind), { debug })(request()),
        )
        expect(response.status).toBe(500)
        expect(await response.text()).toContain('500 Internal Server Error')
        expect(console.error).toHaveBeenCalled()
      })
    }
  }

  it('N2 — the line of an error console cannot print still goes out, without the error', async () => {
    const logger = consoleLikeLogger()
    await outermostThrows(hostileThrown('stack'), { logger })(request('/path'))
    // Node 20's util.format throws on such an error (the line goes again without it);
    // Node 22 and 24 print it as `[Error: ...]`. Either way, one line.
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]).toMatch(
      /^error Internal Server Error: GET \/path( \[Error: .*\])?$/,
    )
  })

  it('N2 — a JSON-lines logger meeting a circular error: the line goes out without it', async () => {
    const logger = jsonLinesLogger()
    const response = await outermostThrows(circularError(), { logger })(request('/c'))
    expect(response.status).toBe(500)
    expect(logger.lines).toEqual(['["error","Internal Server Error: GET /c"]'])
  })
})

describe('a layer or view that returns what nothing can read', () => {
  for (const kind of HOSTILE_RETURNED) {
    it(`D1 — a layer returns ${kind}: a 500 naming the layer, no rejection`, async () => {
      const logger = recordingLogger()
      const handler = createHandler({
        middleware: [
          function hostile() {
            return async () => hostileReturned(kind) as Response
          },
        ],
        view: () => new Response('ok'),
        logger,
      })
      const response = await oneResponse(() => handler(request()))
      expect(response.status).toBe(500)
      expect(logger.at('error')).toHaveLength(1)
    })

    it(`D1 — the view returns ${kind} under an outer layer: a 500, no rejection`, async () => {
      const logger = recordingLogger()
      const passing: Middleware = (getResponse) => (req) => getResponse(req)
      const handler = createHandler({
        middleware: [passing],
        view: () => hostileReturned(kind) as Response,
        logger,
      })
      const response = await oneResponse(() => handler(request()))
      expect(response.status).toBe(500)
    })
  }

  it('D1 — the message names the layer and what came back', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        function trap() {
          return async () => hostileReturned('proxy') as Response
        },
      ],
      view: () => new Response('ok'),
      logger,
    })
    await handler(request())
    expect(logger.at('error')[0]!.message).toContain(
      "Middleware trap didn't return a Response object. It returned an object instead.",
    )
  })
})

describe('a logger that fails', () => {
  const loggers: Record<string, () => Logger> = {
    'throws on every call': throwingLogger,
    'returns rejected promises': rejectingLogger,
  }
  const stacks: Record<string, (logger: Logger) => Handler> = {
    'a 500 from an error': (logger) =>
      createHandler({
        middleware: [],
        view: () => {
          throw new Error('boom')
        },
        logger,
      }),
    'a 404 from an error': (logger) =>
      createHandler({
        middleware: [],
        view: () => {
          throw new NotFound()
        },
        logger,
      }),
    'a 403 a view returned': (logger) =>
      createHandler({
        middleware: [],
        view: () => new Response('no', { status: 403 }),
        logger,
      }),
    'a 503 a view returned': (logger) =>
      createHandler({
        middleware: [],
        view: () => new Response('busy', { status: 503 }),
        logger,
      }),
  }
  for (const [loggerName, makeLogger] of Object.entries(loggers)) {
    for (const [stackName, makeStack] of Object.entries(stacks)) {
      it(`N2 — a logger that ${loggerName}, ${stackName}: the same answer as with a good logger`, async () => {
        const expected = await makeStack(recordingLogger())(request())
        const response = await oneResponse(() => makeStack(makeLogger())(request()))
        expect(response.status).toBe(expected.status)
        expect(await response.text()).toBe(await expected.text())
      })
    }
  }

  it('N4 — a throwing logger at build time (a MiddlewareNotUsed note, the production warning) does not fail the build', () => {
    const env = (globalThis as { process: { env: Record<string, string | undefined> } })
      .process.env
    const before = env['NODE_ENV']
    env['NODE_ENV'] = 'production'
    try {
      const logger = throwingLogger()
      const notUsed: Middleware = () => {
        throw new MiddlewareNotUsed('off')
      }
      const handler = createHandler({
        middleware: [notUsed],
        view: () => new Response('ok'),
        logger,
        debug: true,
      })
      expect(typeof handler).toBe('function')
      // The production warning and the note: both tried, both dropped.
      expect(logger.calls).toBe(2)
    } finally {
      env['NODE_ENV'] = before
    }
  })
})
