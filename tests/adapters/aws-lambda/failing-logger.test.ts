/**
 * A logger that fails never makes the Lambda handlers reject or changes their answer:
 * a logger that throws on every call, one that returns rejected promises, a JSON-lines
 * logger meeting a circular error, and a console-like one meeting an error whose
 * `stack` getter throws, on every path that logs: an unrecognised or malformed event
 * (400), a handler that rejects or resolves with something else (500), a body that
 * fails while read (buffered) or streamed.
 */
import type { Handler, Logger } from 'shallot'
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type ApiGatewayV2Event,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  circularError,
  consoleLikeLogger,
  errorWithThrowing,
  jsonLinesLogger,
  rejectingLogger,
  throwingLogger,
} from '../../support/hostile.js'
import { memoryStream } from './doubles.js'
import { fixture } from './fixture-events.js'

const v2 = fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json')

const loggers: Record<string, () => Logger> = {
  'throws on every call': throwingLogger,
  'returns rejected promises': rejectingLogger,
  'writes JSON lines': jsonLinesLogger,
  'renders like console': consoleLikeLogger,
}

/** A body whose second read fails with `error`. */
const failingBody = (error: unknown) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('part'))
    },
    pull(controller) {
      controller.error(error)
    },
  })

interface Case {
  readonly event: unknown
  readonly handler: Handler
  readonly status: number
}

const cases: Record<string, Case> = {
  'an unrecognised event': {
    event: { hello: 'world' },
    handler: async () => new Response('ok'),
    status: 400,
  },
  'a malformed event': {
    event: { ...v2, headers: { 'bad header': 'x' } },
    handler: async () => new Response('ok'),
    status: 400,
  },
  'an event whose getter throws undefined': {
    event: Object.defineProperty({ ...v2 }, 'rawPath', {
      get() {
        throw undefined
      },
      enumerable: true,
    }),
    handler: async () => new Response('ok'),
    status: 400,
  },
  'a handler rejecting with an unprintable error': {
    event: v2,
    handler: () => Promise.reject(errorWithThrowing('stack')),
    status: 500,
  },
  'a handler rejecting with a circular error': {
    event: v2,
    handler: () => Promise.reject(circularError()),
    status: 500,
  },
  'a handler resolving with something else': {
    event: v2,
    handler: (async () => ({ status: 200 })) as unknown as Handler,
    status: 500,
  },
}

describe('toLambdaHandler and the streaming handler with a failing logger', () => {
  for (const [loggerName, makeLogger] of Object.entries(loggers)) {
    for (const [caseName, { event, handler, status }] of Object.entries(cases)) {
      it(`a logger that ${loggerName}, ${caseName}: toLambdaHandler answers ${status}`, async () => {
        const lambda = toLambdaHandler(handler, { logger: makeLogger() })
        const result = await lambda(event as LambdaEvent)
        expect(result.statusCode).toBe(status)
      })

      it(`a logger that ${loggerName}, ${caseName}: the streaming handler answers ${status}`, async () => {
        const lambda = toStreamingLambdaHandler(handler, { logger: makeLogger() })
        const { stream, read } = memoryStream()
        await lambda(event as LambdaEvent, stream)
        expect(read().prelude.statusCode).toBe(status)
      })
    }

    it(`a logger that ${loggerName}: a body failing while read is a 500 from toLambdaHandler`, async () => {
      const lambda = toLambdaHandler(
        async () => new Response(failingBody(circularError())),
        { logger: makeLogger() },
      )
      expect((await lambda(v2)).statusCode).toBe(500)
    })

    it(`a logger that ${loggerName}: a body failing while streamed ends the stream with its own error`, async () => {
      const failure = circularError()
      const lambda = toStreamingLambdaHandler(
        async () => new Response(failingBody(failure)),
        { logger: makeLogger() },
      )
      const { stream } = memoryStream()
      await expect(lambda(v2, stream)).rejects.toBe(failure)
    })
  }
})
