/**
 * A logger that fails never changes an answer of shallot/node or ends the process: a
 * logger that throws on every call, a JSON-lines logger meeting a circular error, and
 * a console-like logger meeting an error whose `stack` getter throws, on the paths
 * that log (a 400 for a bad Host, a 413 for a declared length, a handler that rejects
 * or resolves with something else). After each, the same server answers again. Real
 * servers on 127.0.0.1, raw sockets and fetch.
 */
import { describe, expect, test } from 'vitest'
import { createHandler, type Handler, type Logger } from 'shallot'
import { serve } from 'shallot/node'
import {
  circularError,
  consoleLikeLogger,
  errorWithThrowing,
  jsonLinesLogger,
  rejectingLogger,
  throwingLogger,
} from '../../support/hostile.js'
import { go, raw, serverPerTest } from './support.js'

const start = serverPerTest()

const ok: Handler = async () => new Response('ok')

/** The logger kinds, each given a fresh logger. */
const loggers: Record<string, () => Logger> = {
  'throws on every call': throwingLogger,
  'returns rejected promises': rejectingLogger,
  'writes JSON lines': jsonLinesLogger,
  'renders like console': consoleLikeLogger,
}

/** Checks that the server at `url` still answers a plain request. */
async function stillAnswers(url: string): Promise<void> {
  const response = await go(url)
  expect(response.status).toBe(200)
  expect(await response.text()).toBe('ok')
}

describe('a failing logger never changes an answer or ends the process', () => {
  for (const [name, makeLogger] of Object.entries(loggers)) {
    test(`a logger that ${name}: the synchronous 400 for Host: a b`, async () => {
      const url = await start(ok, { logger: makeLogger() })
      const answer = await raw(
        url,
        'GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n',
      )
      expect(answer).toMatch(/^HTTP\/1\.1 400 /)
      await stillAnswers(url)
    })

    test(`a logger that ${name}: the synchronous 413 for a declared length`, async () => {
      const url = await start(ok, { logger: makeLogger(), maxBodySize: 4 })
      const answer = await raw(
        url,
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n',
      )
      expect(answer).toMatch(/^HTTP\/1\.1 413 /)
      await stillAnswers(url)
    })

    test(`a logger that ${name}: a handler rejecting with an unprintable error gets a 500`, async () => {
      let calls = 0
      const handler: Handler = async () => {
        if (calls++ === 0) throw errorWithThrowing('stack')
        return new Response('ok')
      }
      const url = await start(handler, { logger: makeLogger() })
      expect((await go(url)).status).toBe(500)
      await stillAnswers(url)
    })

    test(`a logger that ${name}: a handler rejecting with a circular error gets a 500`, async () => {
      let calls = 0
      const handler: Handler = async () => {
        if (calls++ === 0) throw circularError()
        return new Response('ok')
      }
      const url = await start(handler, { logger: makeLogger() })
      expect((await go(url)).status).toBe(500)
      await stillAnswers(url)
    })

    test(`a logger that ${name}: a handler resolving with something else gets a 500`, async () => {
      let calls = 0
      const handler = (async () =>
        calls++ === 0 ? { status: 200 } : new Response('ok')) as unknown as Handler
      const url = await start(handler, { logger: makeLogger() })
      expect((await go(url)).status).toBe(500)
      await stillAnswers(url)
    })

    test(`a logger that ${name}: a stack whose view throws what console cannot print`, async () => {
      const logger = makeLogger()
      let calls = 0
      const url = await start(
        createHandler({
          middleware: [],
          view: () => {
            if (calls++ === 0) throw errorWithThrowing('stack')
            return new Response('ok')
          },
          logger,
        }),
        { logger },
      )
      expect((await go(url)).status).toBe(500)
      await stillAnswers(url)
    })
  }

  test('a logger that throws: a port in use still rejects `ready` with the listen error', async () => {
    const url = await start(ok)
    const second = serve(ok, {
      port: Number(new URL(url).port),
      logger: throwingLogger(),
    })
    second.server.unref()
    await expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE' })
    await second.close()
  })

  test('a JSON-lines logger still gets the line, without the error it cannot write', async () => {
    const logger = jsonLinesLogger()
    const handler: Handler = async () => {
      throw circularError()
    }
    const url = await start(handler, { logger })
    expect((await go(url)).status).toBe(500)
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]).toContain('the handler rejected')
  })
})
