/**
 * `lambdaPlatform(request)`: the event and context behind a request, and where they
 * stop being reachable.
 */
import { createHandler, provide, type Middleware } from 'shallot'
import {
  lambdaPlatform,
  toLambdaHandler,
  toStreamingLambdaHandler,
  type LambdaContext,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture } from './fixture-events.js'

const context: LambdaContext = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'shallot',
  getRemainingTimeInMillis: () => 1234,
}

describe('lambdaPlatform', () => {
  it('gives the raw event and the context, for every integration', async () => {
    for (const name of [
      'apigw-request.json',
      'sam/HttpApi.json',
      'lambda-urls-request.json',
      'java/elb_event.json',
      'alb-lambda-target-request-multivalue-headers.json',
    ]) {
      const event = fixture(name)
      let seen: unknown
      await toLambdaHandler(async (request) => {
        seen = lambdaPlatform(request)
        return new Response()
      })(event, context)
      expect(seen, name).toEqual({ runtime: 'aws-lambda', event, context })
      expect((seen as { event: LambdaEvent }).event, name).toBe(event)
    }
  })

  it('without a context argument, an empty context', async () => {
    let seen: unknown
    await toLambdaHandler(async (request) => {
      seen = lambdaPlatform(request)?.context
      return new Response()
    })(fixture('sam/HttpApi.json'))
    expect(seen).toEqual({})
  })

  it('reaches every layer of a stack, and survives provide (same object)', async () => {
    const seen: string[] = []
    const outer: Middleware = (getResponse) => (request) => {
      seen.push(`outer ${lambdaPlatform(request)?.context.awsRequestId}`)
      return getResponse(provide(request, { user: 'ada' }))
    }
    const app = createHandler({
      middleware: [outer],
      view: (request) => {
        seen.push(
          `view ${lambdaPlatform(request)?.context.getRemainingTimeInMillis?.()}`,
        )
        return new Response()
      },
    })
    await toLambdaHandler(app)(fixture('apigw-request.json'), context)
    expect(seen).toEqual([`outer ${context.awsRequestId}`, 'view 1234'])
  })

  it('is lost on a new Request built from the old one (documented)', async () => {
    let rebuilt: unknown = 'not called'
    let original: unknown
    const rewrite: Middleware = (getResponse) => (request) => {
      original = lambdaPlatform(request)?.runtime
      return getResponse(new Request(request, { headers: { 'x-rewritten': '1' } }))
    }
    const app = createHandler({
      middleware: [rewrite],
      view: (request) => {
        rebuilt = lambdaPlatform(request)
        return new Response()
      },
    })
    await toLambdaHandler(app)(fixture('apigw-request.json'), context)
    expect(original).toBe('aws-lambda')
    expect(rebuilt).toBeUndefined()
  })

  it('is set by the streaming handler too', async () => {
    let seen: unknown
    const stream = {
      write: () => true,
      end: (done?: () => void) => done?.(),
      on: () => stream,
      once: () => stream,
      off: () => stream,
    }
    await toStreamingLambdaHandler(async (request) => {
      seen = lambdaPlatform(request)?.context
      return new Response()
    })(fixture('lambda-urls-request.json'), stream, context)
    expect(seen).toBe(context)
  })

  it('is undefined for a request the adapter did not make', () => {
    expect(lambdaPlatform(new Request('https://example.com/'))).toBeUndefined()
  })
})
