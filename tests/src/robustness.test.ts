/**
 * Misuse and foreign values that the contract leaves to us: each gets a clear error or
 * a working response, and nothing escapes as an unhandled rejection.
 */
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  type AnyMiddleware,
  type Logger,
} from '../../src/index.js'
import {
  otherRealmResponse,
  recordingLogger,
  request,
  responseShapedObject,
} from '../support/index.js'

const view = () => new Response('view')

describe('misused factories (N5)', () => {
  it('an async factory fails the build with a hint, and its promise is not left unhandled', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const timing = async (getResponse: (request: Request) => Promise<Response>) =>
        getResponse
      const asyncFactory = async () => {
        throw new Error('setup failed')
      }
      for (const factory of [timing, asyncFactory]) {
        expect(() =>
          createHandler({
            middleware: [factory as unknown as AnyMiddleware],
            view,
          }),
        ).toThrow(
          new ImproperlyConfigured(
            `Middleware factory ${factory.name} returned an instance of Promise. ` +
              'A factory must return its handler synchronously: make it not async.',
          ),
        )
      }
      // Give a dropped rejection the turns it needs to be reported.
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

describe('foreign Response objects', () => {
  it('a Response from another copy of the Fetch classes passes a boundary unchanged', async () => {
    // It fails `instanceof Response`, but is branded `[object Response]`.
    const foreign = otherRealmResponse(null, {
      status: 201,
      headers: { 'x-from': 'elsewhere' },
    })
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [() => async () => foreign],
      view,
      logger,
    })
    const response = await handler(request())
    expect(response).toBe(foreign)
    expect(logger.records).toEqual([])
  })

  it('a plain object with a response’s shape is refused: a 500 naming the layer (D1)', async () => {
    // Nothing after the stack (a server, an adapter) could send it.
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        function shaped() {
          return async () => responseShapedObject(201)
        },
      ],
      view,
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500 Internal Server Error\n')
    expect(logger.at('error')[0]!.message).toContain(
      "Middleware shaped didn't return a Response object. It returned an object instead.",
    )
  })

  it('an object that only looks a little like a response is still refused', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        function halfResponse() {
          return async () => ({ status: 200 }) as unknown as Response
        },
      ],
      view,
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.at('error')[0]!.message).toContain(
      "Middleware halfResponse didn't return a Response object. It returned an object instead.",
    )
  })
})

describe('logger', () => {
  it('a class-based logger keeps its `this` while debug lines are dropped', async () => {
    class Collecting implements Logger {
      readonly lines: string[] = []
      debug(message: string) {
        this.lines.push(`debug ${message}`)
      }
      info(message: string) {
        this.lines.push(`info ${message}`)
      }
      warn(message: string) {
        this.lines.push(`warn ${message}`)
      }
      error(message: string) {
        this.lines.push(`error ${message}`)
      }
    }
    const logger = new Collecting()
    const handler = createHandler({
      middleware: [],
      view: () => new Response(null, { status: 404 }),
      logger,
    })
    await handler(request('/gone'))
    expect(logger.lines).toEqual(['warn Not Found: GET /gone'])
  })
})

describe('options read by value', () => {
  it('resolve with `view: undefined` beside it is a resolver, not a missing view', async () => {
    const handler = createHandler({
      middleware: [],
      view: undefined,
      resolve: () => ({ view: () => new Response('resolved') }),
    } as unknown as Parameters<typeof createHandler>[0])
    expect(await (await handler(request())).text()).toBe('resolved')
  })
})
