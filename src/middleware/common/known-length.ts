/**
 * The length of a response body that is already complete, found without waiting for
 * a stream: Django's "non-streaming" (ST6), for Fetch bodies, which are always streams.
 *
 * @module
 */

const PENDING = Symbol('pending')
type Read = ReadableStreamReadResult<unknown>

/**
 * `read` if it settles within a few microtasks, else `PENDING`. A body made from a
 * string, bytes or a `Blob` has its bytes and its end queued by then; a body still
 * being produced waits for I/O or a timer, which no microtask outruns.
 */
function readNow(read: Promise<Read>): Promise<Read | typeof PENDING> {
  let later: Promise<typeof PENDING> = Promise.resolve(PENDING)
  // Three hops: an empty body's end is queued a microtask or two after the read.
  for (let hop = 0; hop < 3; hop += 1) later = later.then((value) => value)
  return Promise.race<Read | typeof PENDING>([read, later])
}

let peekable: Promise<boolean> | undefined

/**
 * Whether this runtime's own complete bodies can be read at once. Where they cannot
 * (workerd: its bodies are native streams read through its event loop), peeking would
 * only replace a body the runtime knows the length of with one it does not; those
 * runtimes send `Content-Length` for such bodies themselves. Found out once.
 */
export function canPeek(): Promise<boolean> {
  peekable ??= (async () => {
    const reader = new Response('x').body!.getReader()
    const result = await readNow(reader.read()).catch(() => PENDING)
    void reader.cancel().catch(() => {})
    return result !== PENDING
  })()
  return peekable
}

/** What `knownLength` found: the body to send on, and its length if it is complete. */
export interface KnownLength {
  /** `body` itself when nothing was read; else a body with the same bytes. */
  readonly body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>
  /** The byte length, when the whole body was already there. */
  readonly length?: number
}

/**
 * Reads at most the chunks `body` has already produced: a complete body comes back as
 * its bytes, with its length; any other comes back as a stream that gives the chunks
 * read so far and then the rest of `body`, pulled only as its reader asks (never
 * buffered, ST2).
 */
export async function knownLength(
  body: ReadableStream<Uint8Array>,
): Promise<KnownLength> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let read = reader.read()
  // Two reads tell a one-chunk body; more chunks mean a producer worth streaming.
  for (let count = 0; count < 2; count += 1) {
    const result = await readNow(read)
    if (result === PENDING) break
    if (result.done) {
      // A body's chunks are never on a SharedArrayBuffer (Fetch's BufferSource excludes it).
      const bytes = (
        chunks.length === 1 ? chunks[0]! : new Uint8Array(0)
      ) as Uint8Array<ArrayBuffer>
      return { body: bytes, length: bytes.byteLength }
    }
    if (!(result.value instanceof Uint8Array)) {
      // Not bytes: Response would fail on it anyway; pass it on for that to happen.
      return { body: resumed(reader, [...chunks, result.value], undefined) }
    }
    chunks.push(result.value)
    read = reader.read()
  }
  return { body: resumed(reader, chunks, read) }
}

/** A stream of `first`, then `next`'s result, then the rest of `reader`. */
function resumed(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: readonly unknown[],
  next: Promise<Read> | undefined,
): ReadableStream<Uint8Array> {
  const queued = [...first]
  let pending = next
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (queued.length > 0) {
          controller.enqueue(queued.shift() as Uint8Array)
          return
        }
        const result = await (pending ?? reader.read())
        pending = undefined
        if (result.done) controller.close()
        else controller.enqueue(result.value as Uint8Array)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Pull only when the consumer reads: no read-ahead beyond what was peeked.
    { highWaterMark: 0 },
  )
}
