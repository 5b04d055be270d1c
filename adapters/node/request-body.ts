/**
 * The request body from `IncomingMessage`, as a `ReadableStream` that reads from the
 * socket only as fast as its reader pulls (backpressure). It stops at the size limit
 * with an `HttpError(413)`, which the stack turns into a 413.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../../src/index.js'

/** The limit's error: an `HttpError`, so the stack answers 413 by itself. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `Content Too Large: the request body is larger than maxBodySize (${limit} bytes).`,
  )
}

function disconnected(): Error {
  return new Error('the client disconnected before the request body was complete')
}

/** Marked once when the body passes the limit: the exchange then ends in 413. */
export interface LimitTarget {
  tooLarge: boolean
}

/** Where `listen` delivers a body: its chunks, its end, or why it failed. */
interface Sink {
  chunk(data: Buffer): void
  end(): void
  fail(error: Error): void
}

/**
 * Listens to `req` for one reader: each chunk, the end, and every way the body can
 * fail (past the limit, a socket error, a disconnect before the end), each of which
 * stops the listening. Returns the function that stops it.
 */
function listen(
  req: IncomingMessage,
  limit: number,
  target: LimitTarget,
  sink: Sink,
): () => void {
  let received = 0
  const onData = (chunk: Buffer): void => {
    received += chunk.byteLength
    if (received > limit) {
      detach()
      target.tooLarge = true
      sink.fail(bodyTooLarge(limit))
      return
    }
    sink.chunk(chunk)
  }
  const onEnd = (): void => {
    detach()
    sink.end()
  }
  const onError = (error: Error): void => {
    detach()
    sink.fail(error)
  }
  const onClose = (): void => {
    if (!req.complete) onError(disconnected())
  }
  const detach = (): void => {
    req.off('data', onData)
    req.off('end', onEnd)
    req.off('error', onError)
    req.off('close', onClose)
  }
  req.on('data', onData)
  req.on('end', onEnd)
  req.on('error', onError)
  req.on('close', onClose)
  return detach
}

/**
 * The body as a stream. Nothing listens to `req` until the first pull, so a body
 * nobody reads costs no listeners, and one drained through the platform's `req` first
 * reads as empty; after each chunk the socket is paused until the reader asks for
 * more, so a slow reader never makes the server buffer more than a chunk or two.
 */
export function bodyStream(
  req: IncomingMessage,
  limit: number,
  target: LimitTarget,
): ReadableStream<Uint8Array> {
  let detach: (() => void) | undefined
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (detach === undefined) {
          // Gone before the first read: its 'end' or 'close' will not come again.
          if (req.readableEnded) return controller.close()
          if (req.destroyed) return controller.error(disconnected())
          detach = listen(req, limit, target, {
            chunk(data) {
              controller.enqueue(data)
              // With a high-water mark of 0 the queue is full after every chunk: wait
              // for the next pull.
              req.pause()
            },
            end: () => controller.close(),
            fail: (error) => controller.error(error),
          })
        }
        req.resume()
      },
      cancel() {
        detach?.()
        // Unread bytes are discarded, so the connection can serve its next request.
        req.resume()
      },
    },
    // Zero: the first pull happens only when someone reads.
    { highWaterMark: 0 },
  )
}
