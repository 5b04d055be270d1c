/**
 * `toStreamingLambdaHandler` against a Node.js `Writable`, the kind of stream the Lambda
 * runtime passes: the prelude's wire format, backpressure (the body is not read faster
 * than the stream drains), a client that goes away, a body that fails.
 */
import { Writable } from 'node:stream'
import {
  toStreamingLambdaHandler,
  type ApiGatewayV2Event,
  type LambdaResponseStream,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture } from './fixture-events.js'

const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response'
const event = fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json')
const quiet = { warn() {}, error() {} }

/** A Writable that records what it got, consuming one chunk every `delayMs`. */
function slowStream(highWaterMark: number, delayMs: number) {
  const written: Buffer[] = []
  let contentType: string | undefined
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _, done) {
      setTimeout(() => {
        written.push(chunk)
        done()
      }, delayMs)
    },
  })
  const lambdaStream = Object.assign(stream, {
    setContentType(type: string) {
      contentType = type
    },
  })
  return { stream: lambdaStream, written, contentType: () => contentType }
}

/** The prelude, the delimiter and the body of what was written. */
function parse(written: readonly Buffer[]) {
  const all = Buffer.concat(written)
  const end = all.indexOf(Buffer.alloc(8))
  return {
    prelude: JSON.parse(all.subarray(0, end).toString()) as unknown,
    body: all.subarray(end + 8),
  }
}

describe('toStreamingLambdaHandler', () => {
  it('writes the prelude as HttpResponseStream.from does, then the body', async () => {
    const { stream, written, contentType } = slowStream(1024, 0)
    const headers = new Headers({ 'content-type': 'text/plain', 'x-a': '1' })
    headers.append('set-cookie', 'a=1')
    headers.append('set-cookie', 'b=2; HttpOnly')
    await toStreamingLambdaHandler(
      async () => new Response('hello', { status: 201, headers }),
    )(event, stream)
    expect(contentType()).toBe(PRELUDE_TYPE)
    expect(stream.writableFinished).toBe(true)
    // JSON, eight NUL bytes, the body
    expect(parse(written)).toEqual({
      prelude: {
        statusCode: 201,
        headers: { 'content-type': 'text/plain', 'x-a': '1' },
        cookies: ['a=1', 'b=2; HttpOnly'],
      },
      body: Buffer.from('hello'),
    })
  })

  it('streams binary bodies byte for byte', async () => {
    const { stream, written } = slowStream(16, 0)
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    await toStreamingLambdaHandler(async () => new Response(bytes))(event, stream)
    expect([...parse(written).body]).toEqual([...bytes])
  })

  it('an empty body: the prelude alone, and the stream ends', async () => {
    const { stream, written } = slowStream(1024, 0)
    await toStreamingLambdaHandler(async () => new Response(null, { status: 204 }))(
      event,
      stream,
    )
    expect(parse(written)).toEqual({
      prelude: { statusCode: 204, headers: {}, cookies: [] },
      body: Buffer.alloc(0),
    })
    expect(stream.writableFinished).toBe(true)
  })

  it('HEAD: the body is not sent, and not read', async () => {
    const { stream, written } = slowStream(1024, 0)
    let pulled = 0
    const body = new ReadableStream({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(10))
      },
    })
    await toStreamingLambdaHandler(async () => new Response(body))(
      { ...event, requestContext: { http: { method: 'HEAD' } } },
      stream,
    )
    expect(parse(written).body.length).toBe(0)
    expect(pulled).toBeLessThanOrEqual(1) // the stream's own first pull, at most
  })

  it('backpressure: the body is read no faster than the stream drains', async () => {
    const chunks = 40
    const { stream, written } = slowStream(16, 2)
    let produced = 0
    let maxAhead = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (produced === chunks) return controller.close()
          produced++
          // chunks the function holds that the stream has not consumed yet
          const consumed = Math.max(0, written.length - 2) // less prelude + delimiter
          maxAhead = Math.max(maxAhead, produced - consumed)
          controller.enqueue(new Uint8Array(64).fill(produced))
        },
      },
      { highWaterMark: 0 },
    )
    await toStreamingLambdaHandler(async () => new Response(body))(event, stream)
    expect(parse(written).body.length).toBe(chunks * 64)
    // Without backpressure all 40 chunks would be read before the first was consumed.
    expect(maxAhead).toBeLessThanOrEqual(3)
  })

  it('a client that goes away: reading stops, the body is cancelled', async () => {
    const { stream } = slowStream(16, 2)
    let produced = 0
    let cancelled = false
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          produced++
          if (produced === 5) stream.destroy()
          controller.enqueue(new Uint8Array(64))
        },
        cancel() {
          cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    await toStreamingLambdaHandler(async () => new Response(body))(event, stream)
    expect(cancelled).toBe(true)
    expect(produced).toBeLessThan(10)
  })

  it('a body that fails midway: rejects, and leaves the stream for the runtime to fail', async () => {
    const { stream, written } = slowStream(1024, 0)
    const errors: string[] = []
    let sent = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('upstream gone'))
        sent = true
        controller.enqueue(new TextEncoder().encode('partial'))
      },
    })
    const handler = toStreamingLambdaHandler(async () => new Response(body), {
      logger: { warn() {}, error: (message) => errors.push(message) },
    })
    await expect(handler(event, stream)).rejects.toThrow('upstream gone')
    expect(stream.writableEnded).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 20)) // the writes' callbacks
    expect(parse(written).body.toString()).toBe('partial')
    expect(errors).toEqual([
      'The response body failed while streaming; the stream ends in an error.',
    ])
  })

  it('a chunk that is not bytes: rejects like a failing body, and the body is cancelled', async () => {
    const { stream, written } = slowStream(1024, 0)
    let cancelled = false
    const body = new ReadableStream<unknown>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('bytes'))
        controller.enqueue('then text')
      },
      cancel() {
        cancelled = true
      },
    }) as ReadableStream<Uint8Array>
    const handler = toStreamingLambdaHandler(async () => new Response(body), {
      logger: quiet,
    })
    await expect(handler(event, stream)).rejects.toThrow(TypeError)
    await new Promise((resolve) => setTimeout(resolve, 20)) // the writes' callbacks
    expect(parse(written).body.toString()).toBe('bytes')
    expect(cancelled).toBe(true)
  })

  it('a handler that rejects: a 500 prelude', async () => {
    const { stream, written } = slowStream(1024, 0)
    const handler = toStreamingLambdaHandler(() => Promise.reject(new Error('no')), {
      logger: quiet,
    })
    await handler(event, stream)
    expect(parse(written).prelude).toMatchObject({ statusCode: 500 })
  })

  it('accepts the runtime’s stream type structurally', () => {
    const stream: LambdaResponseStream = new Writable()
    expect(typeof stream.write).toBe('function')
  })
})
