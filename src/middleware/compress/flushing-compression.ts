/**
 * gzip and deflate bodies that flush whenever the source pauses. `CompressionStream`
 * holds its input until its internal buffers fill (measured on Node 20 and workerd: a
 * 1 KiB write yields only the 10-byte gzip header until the input ends), and it has no
 * flush. So the body is compressed in stretches: the chunks the source produces
 * without pausing (or up to `STRETCH_BYTES`) go through a `deflate-raw`
 * `CompressionStream` of their own, the result is made into a flushed stretch (see
 * deflate-blocks.ts), and the stretches are framed as one gzip (RFC 1952) or zlib
 * (RFC 1950) stream. A client can decode each stretch as soon as it arrives.
 *
 * @module
 */
import { adler32, crc32 } from './checksums.js'
import { EMPTY_FINAL_BLOCK, asFlushedStretch } from './deflate-blocks.js'

/** At most this much input is held before a stretch is compressed (and memory with it). */
export const STRETCH_BYTES = 64 * 1024

/** The encodings this module frames itself. */
export type FlushingFormat = 'gzip' | 'deflate'

// ID1 ID2, CM=8 (deflate), no flags, MTIME 0, XFL 0, OS 255 (unknown): RFC 1952 §2.3.
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff)
// CMF 0x78 (deflate, 32 KiB window), FLG 0x9c (default level, FCHECK): RFC 1950 §2.2.
const ZLIB_HEADER = Uint8Array.of(0x78, 0x9c)

const IDLE = Symbol('idle')

/** Resolves to IDLE when `read` has not settled after one turn of the event loop. */
function orIdle<T>(read: Promise<T>): Promise<T | typeof IDLE> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const idle = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), 0)
  })
  return Promise.race([read, idle]).finally(() => clearTimeout(timer))
}

async function deflateStretch(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
  const compressed = new Blob([...chunks] as BlobPart[])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'))
  return asFlushedStretch(new Uint8Array(await new Response(compressed).arrayBuffer()))
}

function trailer(format: FlushingFormat, check: number, size: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(format === 'gzip' ? 8 : 4))
  if (format === 'gzip') {
    view.setUint32(0, check, true)
    view.setUint32(4, size >>> 0, true) // ISIZE is the size modulo 2^32
  } else view.setUint32(0, check, false)
  return new Uint8Array(view.buffer)
}

/**
 * `source` compressed as `format`, flushed each time the source has no chunk ready
 * after a turn of the event loop, and every `STRETCH_BYTES` of input.
 */
export function flushingCompression(
  format: FlushingFormat,
  source: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  const update = format === 'gzip' ? crc32 : adler32
  let check = format === 'gzip' ? 0 : 1
  let size = 0
  let held: Uint8Array[] = []
  let heldBytes = 0
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined

  const flush = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const chunks = held
    held = []
    heldBytes = 0
    controller.enqueue(await deflateStretch(chunks))
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(format === 'gzip' ? GZIP_HEADER : ZLIB_HEADER)
      },
      async pull(controller) {
        for (;;) {
          pending ??= reader.read()
          const next = held.length === 0 ? await pending : await orIdle(pending)
          if (next === IDLE) return flush(controller) // the source paused: flush
          pending = undefined
          if (next.done) {
            if (held.length > 0) await flush(controller)
            controller.enqueue(EMPTY_FINAL_BLOCK)
            controller.enqueue(trailer(format, check, size))
            controller.close()
            return
          }
          const chunk = next.value
          if (!(chunk instanceof Uint8Array)) {
            throw new TypeError('A response body chunk must be a Uint8Array.')
          }
          if (chunk.byteLength === 0) continue
          check = update(check, chunk)
          size += chunk.byteLength
          held.push(chunk)
          heldBytes += chunk.byteLength
          if (heldBytes >= STRETCH_BYTES) return flush(controller)
        }
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
