/**
 * What the Lambda handlers do when something other than the event goes wrong: a
 * handler that rejects (buffered), a response stream that closes or fails while the
 * adapter waits for it to drain (streaming), a Host header the URL parser refuses, a
 * hand-built event whose getter throws. None of these may make the buffered handler
 * reject, and none may leave detail in the answer.
 */
import { Writable } from 'node:stream'
import {
  toLambdaHandler,
  toStreamingLambdaHandler,
  type AlbEvent,
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
  type LambdaEvent,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { lambdaLogger } from './doubles.js'
import { fixture, recorder } from './fixture-events.js'

const v2 = fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json')

describe('toLambdaHandler: a handler that rejects', () => {
  it.each([
    ['v1', 'apigw-request.json', {}],
    ['v2', 'apigw-v2-request-iam.json', {}],
    [
      'alb',
      'alb-lambda-target-request-headers-only.json',
      { statusDescription: '500 Internal Server Error' },
    ],
    [
      'alb-multi',
      'alb-lambda-target-request-multivalue-headers.json',
      { statusDescription: '500 Internal Server Error', multiValueHeaders: {} },
    ],
  ])(
    '%s: a 500 with the stack’s error body in the event’s shape, the error logged',
    async (_, name, shape) => {
      const { errors, logger } = lambdaLogger()
      const secret = new Error('database password is hunter2')
      const handler = toLambdaHandler(() => Promise.reject(secret), { logger })
      const result = await handler(fixture<LambdaEvent>(name))
      // One error body everywhere: the core's production format, no detail.
      expect(result).toMatchObject({
        statusCode: 500,
        body: '500 Internal Server Error\n',
        isBase64Encoded: false,
      })
      expect(result).toMatchObject(shape)
      expect(JSON.stringify(result)).toContain('text/plain; charset=utf-8')
      expect(JSON.stringify(result)).not.toContain('hunter2')
      expect(errors).toEqual(['The handler rejected; answered 500.'])
    },
  )

  it('a handler that throws synchronously is answered the same way', async () => {
    const { errors, logger } = lambdaLogger()
    const handler = toLambdaHandler(
      () => {
        throw new TypeError('not async')
      },
      { logger },
    )
    expect(await handler(v2)).toMatchObject({
      statusCode: 500,
      body: '500 Internal Server Error\n',
    })
    expect(errors).toHaveLength(1)
  })
})

/** A stream double whose `write` answers `false` (wait for drain) at the n-th write. */
function stallingStream(stallAt: number) {
  const written: Uint8Array[] = []
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const stream = {
    destroyed: false,
    ended: false,
    write(chunk: Uint8Array) {
      written.push(chunk)
      return written.length !== stallAt
    },
    end(done?: () => void) {
      stream.ended = true
      done?.()
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(listener)
      return stream
    },
    once(event: string, listener: (...args: unknown[]) => void) {
      return stream.on(event, listener)
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener)
      return stream
    },
    emit(event: string, ...args: unknown[]) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(...args)
    },
    count: (event: string) => listeners.get(event)?.size ?? 0,
  }
  return { stream, written }
}

/** A body of `n` chunks that records how many were pulled and whether it was cancelled. */
function countedBody(n: number) {
  const state = { pulled: 0, cancelled: false }
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === n) return controller.close()
        state.pulled++
        controller.enqueue(new Uint8Array(16).fill(state.pulled))
      },
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { body, state }
}

describe('toStreamingLambdaHandler: the stream goes away while the adapter waits', () => {
  it('destroyed by the time write asks to wait: no wait, the body is cancelled', async () => {
    const { stream, written } = stallingStream(3) // prelude, delimiter, then a stall
    const write = stream.write.bind(stream)
    stream.write = (chunk) => {
      const more = write(chunk)
      if (!more) stream.destroyed = true // as a Writable that failed inside write()
      return more
    }
    const { body, state } = countedBody(100)
    await toStreamingLambdaHandler(async () => new Response(body))(v2, stream)
    expect(written).toHaveLength(3)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBe(1)
    // Destroyed: the adapter does not call end() on it, and leaves no listener behind.
    expect(stream.ended).toBe(false)
    expect(stream.count('error') + stream.count('drain') + stream.count('close')).toBe(
      0,
    )
  })

  it('an error while waiting for drain: reading stops, the handler resolves', async () => {
    const { stream, written } = stallingStream(3)
    const { body, state } = countedBody(100)
    const done = toStreamingLambdaHandler(async () => new Response(body))(v2, stream)
    await until(() => stream.count('drain') === 1)
    // Without the adapter's own 'error' listener this would be an unhandled error.
    stream.emit('error', new Error('socket reset'))
    await expect(done).resolves.toBeUndefined()
    expect(written).toHaveLength(3)
    expect(state.cancelled).toBe(true)
    expect(stream.count('error') + stream.count('drain') + stream.count('close')).toBe(
      0,
    )
  })

  it('a drain resumes the body where it stopped', async () => {
    const { stream, written } = stallingStream(3)
    const { body, state } = countedBody(2)
    const done = toStreamingLambdaHandler(async () => new Response(body))(v2, stream)
    await until(() => stream.count('drain') === 1)
    expect(state.pulled).toBe(1) // the next chunk waits for the stream
    stream.emit('drain')
    await done
    expect(written).toHaveLength(4) // prelude, delimiter, two chunks
    expect(state.pulled).toBe(2)
    expect(stream.ended).toBe(true)
  })

  it('a real Writable that fails on a write: the handler resolves, reading stops', async () => {
    let writes = 0
    const stream = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        writes++
        setTimeout(() => callback(writes === 3 ? new Error('client gone') : null), 1)
      },
    })
    const { body, state } = countedBody(1000)
    const handler = toStreamingLambdaHandler(async () => new Response(body))
    await handler(v2, stream)
    expect(stream.destroyed).toBe(true)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThan(10)
    expect(stream.listenerCount('error')).toBe(0)
  })
})

describe('hosts the URL parser refuses', () => {
  it('a Host header with a port out of range falls back to the domain name', async () => {
    const event = fixture<ApiGatewayV1Event>('apigw-request.json')
    const patched = (domainName: string): ApiGatewayV1Event => ({
      ...event,
      headers: { Host: 'example.com:99999' },
      multiValueHeaders: { Host: ['example.com:99999'] },
      requestContext: { ...event.requestContext, domainName },
    })
    const hostOf = async (event: ApiGatewayV1Event) => {
      const { seen, handler } = recorder()
      await toLambdaHandler(handler)(event)
      return new URL(seen[0]!.url).host
    }
    expect(await hostOf(patched('api.example.org'))).toBe('api.example.org')
    expect(await hostOf(patched('api.example.org:70000'))).toBe('localhost')
  })

  it('a malformed IPv6 domain name: localhost', async () => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)({
      ...v2,
      headers: {},
      requestContext: { ...v2.requestContext, domainName: '[::1::]' },
    })
    expect(new URL(seen[0]!.url).host).toBe('localhost')
  })
})

describe('payload 2.0 with fields missing', () => {
  it('version 2.0 and no http object: 400, no method', async () => {
    const { warnings, logger } = lambdaLogger()
    const { seen, handler } = recorder()
    const event = { ...v2, requestContext: {} } as unknown as ApiGatewayV2Event
    const result = await toLambdaHandler(handler, { logger })(event)
    expect(result).toMatchObject({ statusCode: 400, body: '400 Bad Request\n' })
    expect(seen).toEqual([])
    expect(warnings[0]).toContain('no HTTP method')
  })

  it('no rawPath: the path comes from requestContext.http.path', async () => {
    const { rawPath: _, ...rest } = v2
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)({
      ...rest,
      requestContext: { http: { method: 'GET', path: '/from/context' } },
    } as ApiGatewayV2Event)
    expect(new URL(seen[0]!.url).pathname).toBe('/from/context')
  })
})

describe('payload 2.0 without rawQueryString', () => {
  const {
    rawQueryString: _,
    queryStringParameters: __,
    ...bare
  } = fixture<ApiGatewayV2Event>('apigw-v2-request-iam.json')
  const urlOf = async (event: object) => {
    const { seen, handler } = recorder()
    await toLambdaHandler(handler)(event as ApiGatewayV2Event)
    return new URL(seen[0]!.url)
  }

  it('and without queryStringParameters: no query', async () => {
    expect((await urlOf(bare)).search).toBe('')
  })

  it('the decoded queryStringParameters are encoded again', async () => {
    const url = await urlOf({ ...bare, queryStringParameters: { q: 'a b&c', e: '' } })
    expect(url.search).toBe('?q=a%20b%26c&e=')
    expect(url.searchParams.get('q')).toBe('a b&c')
  })
})

describe('a hand-built event whose getter throws', () => {
  it('is a 400 like any malformed event, not a rejection', async () => {
    const { warnings, logger } = lambdaLogger()
    const event = {
      ...fixture<AlbEvent>('alb-lambda-target-request-headers-only.json'),
    }
    Object.defineProperty(event, 'path', {
      enumerable: true,
      get() {
        throw new TypeError('path is not readable')
      },
    })
    const result = await toLambdaHandler(recorder().handler, { logger })(event)
    expect(result).toMatchObject({
      statusCode: 400,
      statusDescription: '400 Bad Request',
      body: '400 Bad Request\n',
    })
    expect(warnings).toEqual([
      'Malformed ALB event: path is not readable. Answered 400.',
    ])
  })
})

/** Polls `ready` on the macrotask queue; the handler's awaits settle in between. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  expect(ready()).toBe(true)
}
