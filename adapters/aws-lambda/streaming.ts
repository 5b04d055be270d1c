/**
 * `toStreamingLambdaHandler`: a shallot handler as a response-streaming Lambda function
 * (`awslambda.streamifyResponse`), with backpressure. Web APIs and the stream's own
 * methods only: no `node:` import.
 *
 * @module
 */
import type { Handler } from '../../src/index.js'
import type { LambdaContext, LambdaEvent } from '../../src/internal/lambda/events.js'
import { isBodyless } from '../../src/internal/status.js'
import { log } from '../../src/internal/log.js'
import {
  badRequest,
  incoming,
  respond,
  resolveOptions,
  type LambdaOptions,
} from './options.js'
import { splitHeaders } from '../../src/internal/lambda/result.js'
import { bodyChunk } from '../../src/internal/body-chunk.js'

/**
 * The response stream the Lambda runtime passes a streaming handler, as far as the
 * adapter uses it: a Node.js `Writable` (the runtime's) fits, and so does a test
 * double.
 */
export interface LambdaResponseStream {
  /** Returns `false` when the stream wants the writer to wait for `drain`. */
  write(chunk: Uint8Array): boolean
  /** Ends the stream; `callback` runs once it has finished. */
  end(callback?: () => void): unknown
  /** The runtime's: sets the content type of the whole stream, before any write. */
  setContentType?(contentType: string): void
  /** Listens for the stream's errors while the body is written. */
  on(event: 'error', listener: (...args: unknown[]) => void): unknown
  /** Waits for `drain`, or notices the stream closed or failed. */
  once(
    event: 'drain' | 'close' | 'error',
    listener: (...args: unknown[]) => void,
  ): unknown
  /** Removes a listener added with `on` or `once`. */
  off(
    event: 'drain' | 'close' | 'error',
    listener: (...args: unknown[]) => void,
  ): unknown
  /** `true` once the stream is closed or failed: the adapter stops writing. */
  readonly destroyed?: boolean
}

/**
 * What `toStreamingLambdaHandler` returns: a handler for `awslambda.streamifyResponse`.
 */
export type StreamingLambdaHandler = (
  event: LambdaEvent,
  responseStream: LambdaResponseStream,
  context?: LambdaContext,
) => Promise<void>

/** The content type that tells Lambda the stream starts with an HTTP prelude. */
const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response'
/** Eight NUL bytes end the JSON prelude; the body follows. */
const DELIMITER = new Uint8Array(8)

/** Resolves `true` on `drain`, `false` when the stream closes or errors first. */
function drained(stream: LambdaResponseStream): Promise<boolean> {
  if (stream.destroyed === true) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (open: boolean) => () => {
      stream.off('drain', onDrain)
      stream.off('close', onClose)
      stream.off('error', onClose)
      resolve(open)
    }
    const onDrain = done(true)
    const onClose = done(false)
    stream.once('drain', onDrain)
    stream.once('close', onClose)
    stream.once('error', onClose)
  })
}

/** Writes `chunk`; when the stream asks to wait, waits. `false`: the stream is gone. */
async function send(stream: LambdaResponseStream, chunk: Uint8Array): Promise<boolean> {
  if (stream.destroyed === true) return false
  return stream.write(chunk) || drained(stream)
}

/** Ends the stream and waits until everything written was flushed (or it closed). */
function end(stream: LambdaResponseStream): Promise<void> {
  if (stream.destroyed === true) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      stream.off('close', done)
      resolve()
    }
    stream.once('close', done)
    stream.end(done)
  })
}

/**
 * Turns a shallot handler into a response-streaming Lambda handler: wrap it in
 * `awslambda.streamifyResponse` and set the function URL's invoke mode to
 * `RESPONSE_STREAM` (or use an API Gateway REST integration with response streaming).
 *
 * It writes the HTTP prelude the way the runtime's `HttpResponseStream.from` does
 * (content type `application/vnd.awslambda.http-integration-response`, the JSON
 * `{ statusCode, headers, cookies }`, then eight NUL bytes), then the response body
 * chunk by chunk as the stream drains: a chunk is read from the body only after the
 * stream accepted the previous one, so a slow client does not make the function buffer
 * the whole body. Bytes are streamed as they are (`bodyEncoding` plays no part).
 *
 * @param handler - The stack, usually from `createHandler`.
 * @param options - `logger`; see {@link LambdaOptions}.
 * @returns `(event, responseStream, context?) => Promise<void>`.
 * @throws Never itself. The returned function rejects only when the response body
 * fails after the prelude went out: the stream is left open so that the runtime ends
 * it with an error rather than a truncated success. A malformed event gets a 400.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { toStreamingLambdaHandler } from 'shallot/aws-lambda'
 *
 * const app = createHandler({ middleware: [], view: () => new Response('streamed') })
 * const streaming = toStreamingLambdaHandler(app)
 * // In the function: export const handler = awslambda.streamifyResponse(streaming)
 *
 * const chunks: Uint8Array[] = []
 * const stream = {
 *   write: (chunk: Uint8Array) => chunks.push(chunk) > 0,
 *   end: (done?: () => void) => done?.(),
 *   on: () => stream,
 *   once: () => stream,
 *   off: () => stream,
 * }
 * await streaming(
 *   {
 *     version: '2.0',
 *     rawPath: '/',
 *     rawQueryString: '',
 *     requestContext: { http: { method: 'GET' } },
 *     isBase64Encoded: false,
 *   },
 *   stream,
 * )
 * const text = new TextDecoder().decode(Buffer.concat(chunks))
 * console.log(JSON.parse(text.slice(0, text.indexOf('\0'))).statusCode) // 200
 * console.log(text.slice(text.lastIndexOf('\0') + 1)) // streamed
 * ```
 */
export function toStreamingLambdaHandler(
  handler: Handler,
  options: LambdaOptions = {},
): StreamingLambdaHandler {
  const { logger } = resolveOptions(options)
  return async (event, stream, context) => {
    const got = incoming(event, context, logger)
    const response =
      'request' in got ? await respond(handler, got.request, logger) : badRequest(event)
    const method = 'request' in got ? got.request.method : 'GET'
    const { headers, cookies } = splitHeaders(response.headers)
    const prelude = { statusCode: response.status, headers, cookies }
    // Errors are also reported to the listeners `drained` and `end` add; this one only
    // keeps an unlistened 'error' event from crashing the process.
    const ignore = () => {}
    stream.on('error', ignore)
    try {
      stream.setContentType?.(PRELUDE_TYPE)
      let open =
        (await send(stream, new TextEncoder().encode(JSON.stringify(prelude)))) &&
        (await send(stream, DELIMITER))
      const body = response.body
      if (body === null || isBodyless(method, response.status) || !open) {
        await body?.cancel()
      } else {
        const reader = body.getReader()
        try {
          while (open) {
            const { done, value } = await reader.read()
            if (done) break
            // As on Node and in process: a chunk that is not bytes fails the body.
            open = await send(stream, bodyChunk(value))
          }
          if (!open) await reader.cancel()
        } catch (error) {
          // Whatever failed, the source of the body is released.
          void reader.cancel(error).catch(() => {})
          log(
            logger,
            'error',
            'The response body failed while streaming; the stream ends in an error.',
            error,
          )
          throw error
        } finally {
          reader.releaseLock()
        }
      }
      await end(stream)
    } finally {
      stream.off('error', ignore)
    }
  }
}
