/**
 * What a fromMiddy group sees of what happens inside it: the view's errors and the
 * unhandled errors of a group nested in it reach its onError hooks (as the handler's
 * errors reach Middy's), an error a layer inside answers first does not, and the
 * Lambda event and context under the Lambda adapter.
 */
import { createError } from '@middy/util'
import { describe, expect, it } from 'vitest'
import { carryRequestData, createHandler, NotFound, type Middleware } from 'shallot'
import { lambdaPlatform, toLambdaHandler } from 'shallot/aws-lambda'
import { fromHooks } from 'shallot/legacy'
import { fromMiddy, middyEvent, type MiddyMiddleware } from 'shallot/middy'
import { recordingLogger } from '../../support/index.js'
import { quiet } from '../node/support.js'
import { v1Event, v2Event } from './support.js'

const get = (path = '/') => new Request(new URL(path, 'http://localhost'))

/** A group member that records the error its onError sees, and answers or not. */
const catcher = (log: string[], label: string, answer?: number): MiddyMiddleware => ({
  onError: (request) => {
    log.push(`${label}.onError ${(request.error as Error).message}`)
    if (answer !== undefined) return { statusCode: answer, body: label }
  },
})

describe('fromMiddy — errors from inside the group', () => {
  it('an error a nested group leaves unhandled reaches the outer group’s onError', async () => {
    const log: string[] = []
    const failing: MiddyMiddleware = {
      before: () => {
        throw new Error('inner before failed')
      },
    }
    const handler = createHandler({
      middleware: [
        fromMiddy(catcher(log, 'outer', 503)),
        fromMiddy(catcher(log, 'inner'), failing),
      ],
      view: () => new Response('view'),
      logger: quiet,
    })
    const response = await handler(get())
    expect([response.status, await response.text()]).toEqual([503, 'outer'])
    expect(log).toEqual([
      'inner.onError inner before failed',
      'outer.onError inner before failed',
    ])
  })

  it('an error the nested group handles stays there; the outer group’s after sees its answer', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromMiddy(catcher(log, 'outer', 503), {
          after: (request) =>
            void log.push(`outer.after ${request.response?.statusCode}`),
        }),
        fromMiddy(catcher(log, 'inner', 409)),
      ],
      view: () => {
        throw new Error('view failed')
      },
      logger: quiet,
    })
    const response = await handler(get())
    expect([response.status, await response.text()]).toEqual([409, 'inner'])
    expect(log).toEqual(['inner.onError view failed', 'outer.after 409'])
  })

  it('a view error no onError handles is answered as the stack converted it, logged once', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [fromMiddy(catcher(log, 'a'))],
      view: () => {
        throw new NotFound('no such item')
      },
      logger,
    })
    const response = await handler(get('/item'))
    expect(response.status).toBe(404)
    expect(log).toEqual(['a.onError no such item'])
    expect(logger.at('warn')).toHaveLength(1)
  })

  it('errors with status and expose (http-errors, createError) keep their status', async () => {
    const handler = createHandler({
      middleware: [fromMiddy({ before: () => void 0 })],
      view: () => {
        throw createError(422, 'name is missing')
      },
      logger: quiet,
    })
    expect((await handler(get())).status).toBe(422)
  })

  it('finds the group through a request a layer inside derived', async () => {
    const log: string[] = []
    const derive: Middleware = (getResponse) => (request) =>
      getResponse(
        carryRequestData(
          request,
          new Request(request.url, { headers: { 'x-d': '1' } }),
        ),
      )
    const handler = createHandler({
      middleware: [fromMiddy(catcher(log, 'a', 418)), derive],
      view: () => {
        throw new Error('view failed')
      },
      logger: quiet,
    })
    expect((await handler(get())).status).toBe(418)
    expect(log).toEqual(['a.onError view failed'])
  })

  it('does not see a view error a layer inside answers first (its processException)', async () => {
    const log: string[] = []
    class Recover {
      processException() {
        return new Response('recovered', { status: 202 })
      }
    }
    const handler = createHandler({
      middleware: [fromMiddy(catcher(log, 'a', 500)), fromHooks(Recover)],
      view: () => {
        throw new Error('view failed')
      },
      logger: quiet,
    })
    const response = await handler(get())
    expect([response.status, await response.text()]).toEqual([202, 'recovered'])
    expect(log).toEqual([])
  })

  it('records a view error only for the innermost group around the view', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromMiddy(catcher(log, 'outer')),
        fromMiddy(catcher(log, 'inner', 410)),
      ],
      view: () => {
        throw new Error('view failed')
      },
      logger: quiet,
    })
    expect((await handler(get())).status).toBe(410)
    expect(log).toEqual(['inner.onError view failed'])
  })
})

describe('fromMiddy under the Lambda adapter', () => {
  it('hands Middy a copy of the adapter’s event and the invocation’s own context', async () => {
    const seen: {
      same: boolean
      event: unknown
      context: unknown
      platform: unknown
    }[] = []
    const context = { awsRequestId: 'req-7', functionName: 'fn' }
    const group = fromMiddy({
      before: (request) => {
        request.event.body = 'changed by a hook'
      },
    })
    const handler = toLambdaHandler(
      createHandler({
        middleware: [group],
        view: (request) => {
          const platform = lambdaPlatform(request)!
          const event = middyEvent(request)!
          seen.push({
            same: event === platform.event,
            event: event.body,
            context: platform.context,
            platform: platform.event.body,
          })
          return new Response('ok')
        },
        logger: quiet,
      }),
    )
    const v1 = v1Event()
    await handler(v1, context)
    expect(seen[0]).toEqual({
      same: false,
      event: 'changed by a hook',
      context,
      platform: v1.body,
    })
    let contextSeen: unknown
    let path: unknown
    const peek = toLambdaHandler(
      createHandler({
        middleware: [
          fromMiddy({
            before: (request) => {
              contextSeen = request.context
              path = 'rawPath' in request.event ? request.event.rawPath : undefined
            },
          }),
        ],
        view: () => new Response('ok'),
        logger: quiet,
      }),
    )
    await peek(v2Event(), context)
    expect(contextSeen).toBe(context)
    expect(path).toBe('/')
  })
})
