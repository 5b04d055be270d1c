/**
 * The request body from `IncomingMessage`: as a `ReadableStream` that reads from the
 * socket only as fast as its reader pulls (backpressure), or read whole into one
 * `Buffer` for `text()`/`json()`/`arrayBuffer()`. Both stop at the size limit with an
 * `HttpError(413)`, which the stack turns into a 413.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../../src/index.js'

/** The limit's error: an `HttpError`, so the stack answers 413 by itself. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `Payload Too Large: the request body is larger than maxBodySize (${limit} bytes).`,
  )
}

function disconnected(): Error {
  return new Error('the client disconnected before the request body was complete')
}

/** Called once when the body passes the limit. */
export type OnTooLarge = () => void

/**
 * The body as a stream. Nothing is read until the first pull; after each chunk the
 * socket is paused until the reader asks for more, so a slow reader never makes the
 * server buffer more than a chunk or two.
 */
export function bodyStream(
  req: IncomingMessage,
  limit: number,
  onTooLarge: OnTooLarge,
): ReadableStream<Uint8Array> {
  let received = 0
  let detach = (): void => {}
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer): void => {
          received += chunk.byteLength
          if (received > limit) {
            detach()
            onTooLarge()
            controller.error(bodyTooLarge(limit))
            return
          }
          controller.enqueue(chunk)
          if ((controller.desiredSize ?? 0) <= 0) req.pause()
        }
        const onEnd = (): void => {
          detach()
          controller.close()
        }
        const onError = (error: Error): void => {
          detach()
          controller.error(error)
        }
        const onClose = (): void => {
          if (!req.complete) onError(disconnected())
        }
        detach = () => {
          req.off('data', onData)
          req.off('end', onEnd)
          req.off('error', onError)
          req.off('close', onClose)
          detach = () => {}
        }
        // Paused explicitly, so that adding a 'data' listener does not start the flow:
        // `pull` starts it when the reader asks.
        req.pause()
        req.on('data', onData)
        req.on('end', onEnd)
        req.on('error', onError)
        req.on('close', onClose)
      },
      pull() {
        req.resume()
      },
      cancel() {
        detach()
        // Unread bytes are discarded, so the connection can serve its next request.
        req.resume()
      },
    },
    // Zero: the first pull happens only when someone reads.
    { highWaterMark: 0 },
  )
}

/** The whole body in one `Buffer`, for `text()`, `json()` and `arrayBuffer()`. */
export function readBody(
  req: IncomingMessage,
  limit: number,
  onTooLarge: OnTooLarge,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength
      if (received > limit) {
        detach()
        onTooLarge()
        reject(bodyTooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      detach()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received))
    }
    const onError = (error: Error): void => {
      detach()
      reject(error)
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
    if (req.complete && req.readableEnded) {
      resolve(Buffer.alloc(0))
      return
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
    req.resume()
  })
}
