/**
 * `Response` to `ServerResponse`. A body that is already complete (a string or bytes
 * given to `new Response`) is sent in one `end()` with its `Content-Length`; anything
 * else is streamed, with backpressure, after the status and headers have gone out.
 *
 * @module
 */
import type { ServerResponse } from 'node:http'

type Reader = ReadableStreamDefaultReader<Uint8Array>
type Read = ReadableStreamReadResult<Uint8Array>

const PENDING = Symbol('pending')

const pendingSoon = (): Promise<typeof PENDING> =>
  // One extra hop: an empty body's end is queued a microtask after the read.
  Promise.resolve(PENDING).then((value) => value)

/**
 * The read's result if it is already settled (or settles within a microtask), else
 * `PENDING`. A body made from a string or bytes has its one chunk queued by the time
 * the handler resolves, and its end right after: two such reads tell its length
 * without waiting, and without reading any real stream ahead of time.
 */
function readNow(read: Promise<Read>): Promise<Read | typeof PENDING> {
  return Promise.race<Read | typeof PENDING>([read, pendingSoon()])
}

/** Status codes whose responses never carry a body (RFC 9110, 6.4.1). */
function bodyless(status: number): boolean {
  return status === 204 || status === 304 || status < 200
}

/** Fields Node decides for this connection (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

/**
 * The headers as `writeHead` takes them: `[name, value, name, value, ...]`, without
 * hop-by-hop fields. They describe one connection, and Node writes this one's itself:
 * a response passed through from `fetch()` carries the upstream's (`Connection:
 * keep-alive`, `Transfer-Encoding: chunked`), which would keep open a connection the
 * client asked to close, or frame the body twice. A handler's `Connection: close`
 * stays: it is the way to close this connection.
 */
function flatHeaders(headers: Headers): { flat: string[]; hasLength: boolean } {
  let flat: string[] = []
  let hasLength = false
  let connection: string | undefined
  // Iteration yields each Set-Cookie on its own (Fetch's "sort and combine").
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') connection = value
      continue
    }
    if (name === 'content-length') hasLength = true
    flat.push(name, value)
  }
  if (connection !== undefined) {
    // The fields `Connection` names are hop-by-hop too.
    const named = connection.split(',').map((option) => option.trim().toLowerCase())
    const kept: string[] = []
    for (let i = 0; i < flat.length; i += 2) {
      if (!named.includes(flat[i]!)) kept.push(flat[i]!, flat[i + 1]!)
    }
    if (named.includes('close')) kept.push('connection', 'close')
    if (named.includes('content-length')) hasLength = false
    flat = kept
  }
  return { flat, hasLength }
}

function head(res: ServerResponse, response: Response, flat: string[]): ServerResponse {
  return response.statusText === ''
    ? res.writeHead(response.status, flat)
    : res.writeHead(response.status, response.statusText, flat)
}

/**
 * Node's `Response` (undici) keeps the string or bytes it was made from next to the
 * stream that would yield them. Sending those directly skips reading a stream that
 * holds nothing else, which is most of the cost of a small response. undici does not
 * export the key, so it is found by its description; a runtime that keeps it private
 * (or a `Response` from elsewhere) takes the stream path, with the same result.
 */
const STATE: symbol | undefined = Reflect.ownKeys(new Response()).find(
  (key): key is symbol => typeof key === 'symbol' && key.description === 'state',
)

type State =
  | { readonly body?: { readonly source?: unknown; readonly stream?: unknown } }
  | undefined

/** The string or bytes behind `stream`, the unread body of `response`, if kept. */
function sourceOf(
  response: Response,
  stream: ReadableStream,
): string | Uint8Array | undefined {
  const body = STATE && (response as unknown as Record<symbol, State>)[STATE]?.body
  const source = body?.source
  // A locked stream is being read by someone else, and a disturbed one was read from:
  // either way its bytes are no longer all there.
  return body?.stream === stream &&
    !stream.locked &&
    !response.bodyUsed &&
    (typeof source === 'string' || source instanceof Uint8Array)
    ? source
    : undefined
}

/** Thrown into the caller when the body stream fails after the headers were sent. */
export class BodyStreamError extends Error {
  constructor(cause: unknown) {
    super('the response body stream failed after the headers were sent', { cause })
    this.name = 'BodyStreamError'
  }
}

/**
 * Writes `response` to `res`. Resolves when the response is complete or the client
 * went away.
 *
 * @throws BodyStreamError (as a rejection) when the body stream errors after the
 *   headers were sent; the caller closes the connection. Before that, the error itself.
 */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  const { flat, hasLength } = flatHeaders(response.headers)
  const body = response.body
  // The Response constructor refuses a body with 204, 304 or a status below 200.
  if (body === null || bodyless(response.status)) {
    head(res, response, flat).end()
    return
  }
  const source = sourceOf(response, body)
  if (source !== undefined) {
    const length =
      typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength
    if (!hasLength) flat.push('content-length', String(length))
    head(res, response, flat)
    if (method === 'HEAD') res.end()
    // Node writes a string in one write with the head, in the string's encoding. As
    // latin1, header bytes above 0x7f stay themselves, and a string as long in UTF-8
    // as in code units is ASCII, the same in both; bytes are sent as they are, and
    // other text as UTF-8 bytes after the head.
    else if (typeof source !== 'string') res.end(source)
    else res.end(length === source.length ? source : Buffer.from(source), 'latin1')
    return
  }
  const reader = body.getReader() as Reader
  const firstRead = reader.read()
  const first = await readNow(firstRead)
  if (first === PENDING) {
    head(res, response, flat)
    return method === 'HEAD' ? endHead(res, reader) : streamRest(res, reader, firstRead)
  }
  if (first.done) {
    if (!hasLength) flat.push('content-length', '0')
    head(res, response, flat).end()
    return
  }
  const secondRead = reader.read()
  const second = await readNow(secondRead)
  if (second !== PENDING && second.done) {
    if (!hasLength) flat.push('content-length', String(first.value.byteLength))
    head(res, response, flat)
    if (method === 'HEAD') res.end()
    else res.end(first.value)
    return
  }
  head(res, response, flat)
  if (method === 'HEAD') return endHead(res, reader)
  if (!res.write(first.value)) await drained(res)
  return pump(reader, res, secondRead)
}

/** HEAD: the headers of GET, and the body left unread. */
function endHead(res: ServerResponse, reader: Reader): void {
  void reader.cancel().catch(() => {})
  res.end()
}

/**
 * A stream whose first chunk does not exist yet: the status and headers go out now,
 * since a client may be waiting on them (to read on, or to give up, which
 * request.signal then reports).
 */
function streamRest(
  res: ServerResponse,
  reader: Reader,
  next: Promise<Read>,
): Promise<void> {
  // An empty write sends the head now, as latin1; flushHeaders() would send it as
  // UTF-8 text, re-encoding header bytes above 0x7f.
  res.write(new Uint8Array(0))
  return pump(reader, res, next)
}

/** Resolves on 'drain', or on 'close' when the client is gone. */
function drained(res: ServerResponse): Promise<void> {
  // A destroyed response emits neither 'drain' nor 'close' again.
  if (res.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** The rest of the stream, one chunk in flight, waiting for 'drain' when told to. */
async function pump(
  reader: Reader,
  res: ServerResponse,
  pending: Promise<Read>,
): Promise<void> {
  let gone = false
  // The client going away cancels the body, which ends the loop below.
  const onClose = (): void => {
    gone = true
    if (!res.writableFinished) void reader.cancel().catch(() => {})
  }
  res.once('close', onClose)
  // The client may have left before this loop began listening for it.
  if (res.destroyed) onClose()
  try {
    let next = pending
    for (;;) {
      let result: Read
      try {
        result = await next
      } catch (error) {
        if (gone || res.destroyed) return
        throw new BodyStreamError(error)
      }
      if (result.done) break
      if (gone || res.destroyed) return
      next = reader.read()
      // Handled where it is awaited; a rejection during a drain wait must not count as
      // unhandled meanwhile, which would end the process.
      next.catch(() => {})
      if (!res.write(result.value)) await drained(res)
    }
    if (!gone && !res.destroyed) res.end()
  } finally {
    res.off('close', onClose)
  }
}
