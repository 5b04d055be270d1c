/**
 * A logger that fails never makes `toFetchHandler` reject or changes its answer: a
 * logger that throws on every call, one that returns rejected promises, a JSON-lines
 * logger meeting a circular error, and a console-like one meeting an error whose
 * `stack` getter throws, when the handler rejects or resolves with something else, and
 * when a promise given to the stand-in `waitUntil` rejects.
 */
import { describe, expect, it } from 'vitest'
import { fetchPlatform, toFetchHandler } from '../../../adapters/fetch/index.js'
import { createHandler, type Handler, type Logger } from '../../../src/index.js'
import {
  circularError,
  consoleLikeLogger,
  errorWithThrowing,
  jsonLinesLogger,
  rejectingLogger,
  throwingLogger,
} from '../../support/hostile.js'

const loggers: Record<string, () => Logger> = {
  'throws on every call': throwingLogger,
  'returns rejected promises': rejectingLogger,
  'writes JSON lines': jsonLinesLogger,
  'renders like console': consoleLikeLogger,
}

const handlers: Record<string, Handler> = {
  'rejects with an unprintable error': () => Promise.reject(errorWithThrowing('stack')),
  'rejects with a circular error': () => Promise.reject(circularError()),
  'resolves with something else': (async () => ({ status: 200 })) as unknown as Handler,
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('toFetchHandler with a failing logger', () => {
  for (const [loggerName, makeLogger] of Object.entries(loggers)) {
    for (const [handlerName, handler] of Object.entries(handlers)) {
      it(`a logger that ${loggerName}, a handler that ${handlerName}: a 500`, async () => {
        const app = toFetchHandler(handler, { logger: makeLogger() })
        const response = await app.fetch(new Request('http://localhost/'), {})
        expect(response.status).toBe(500)
        expect(await response.text()).toBe('500 Internal Server Error\n')
      })
    }

    it(`a logger that ${loggerName}: a rejected waitUntil promise is dropped quietly`, async () => {
      const logger = makeLogger()
      const app = toFetchHandler(
        createHandler({
          middleware: [],
          view: (request) => {
            fetchPlatform(request)!.ctx.waitUntil(Promise.reject(circularError()))
            return new Response('ok')
          },
          logger,
        }),
        { logger },
      )
      const response = await app.fetch(new Request('http://localhost/'), {})
      expect(await response.text()).toBe('ok')
      // Let the rejection reach the logger before the test ends.
      await sleep(5)
    })
  }
})
