/**
 * `Response` to `ServerResponse`. A body that is already complete (a string or bytes
 * given to `new Response`, the text a `text()`/`json()`/`html()` response holds) is
 * sent in one `end()` with its `Content-Length`; anything
 * else is streamed, with backpressure, after the status and headers have gone out.
 *
 * @module
 */
import type { ServerResponse } from 'node:http'
import { takeHeldText } from '../../src/internal/held-body.js'
import { forbidsContent, reasonPhrase } from '../../src/internal/status.js'
import { bodyChunk } from '../../src/internal/body-chunk.js'

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

/** Fields Node decides for this connection (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

/**
 * The headers as `writeHead` takes them: `[name, value, name, value, ...]`, without
 * hop-by-hop fields, and with `Content-Length` apart (`length`): it is sent only when
 * the body is known to match it. They describe one connection, and Node writes this one's itself:
 * a response passed through from `fetch()` carries the upstream's (`Connection:
 * keep-alive`, `Transfer-Encoding: chunked`), which would keep open a connection the
 * client asked to close, or frame the body twice. A handler's `Connection: close`
 * stays: it is the way to close this connection.
 */
function flatHeaders(headers: Headers): { flat: string[]; length: number | undefined } {
  let flat: string[] = []
  let length: number | undefined
  let connection: string | undefined
  // Iteration yields each Set-Cookie on its own (Fetch's "sort and combine").
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') connection = value
      continue
    }
    if (name === 'content-length') {
      // One length, digits only: repeated fields arrive joined ("5, 5"), and any
      // other form is dropped rather than passed on to frame the connection.
      if (/^\d{1,15}$/.test(value)) length = Number(value)
      continue
    }
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
    if (named.includes('content-length')) length = undefined
    flat = kept
  }
  return { flat, length }
}

/**
 * The status line: the response's own status text, else the reason phrase of the one
 * table (Node's would name some statuses otherwise, 413 `Payload Too Large`), else
 * Node's choice for a status the table does not know.
 */
function head(res: ServerResponse, response: Response, flat: string[]): ServerResponse {
  const reason = response.statusText || reasonPhrase(response.status)
  return reason === undefined
    ? res.writeHead(response.status, flat)
    : res.writeHead(response.status, reason, flat)
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

/**
 * A body known in full (a string or bytes) sent in one `end()` with its own length,
 * whatever the headers claimed; HEAD gets the length and no body.
 */
function sendKnown(
  res: ServerResponse,
  response: Response,
  flat: string[],
  isHead: boolean,
  source: string | Uint8Array,
): void {
  const length =
    typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength
  flat.push('content-length', String(length))
  head(res, response, flat)
  if (isHead) res.end()
  // Node writes a string in one write with the head, in the string's encoding. As
  // latin1, header bytes above 0x7f stay themselves, and a string as long in UTF-8
  // as in code units is ASCII, the same in both; bytes are sent as they are, and
  // other text as UTF-8 bytes after the head.
  else if (typeof source !== 'string') res.end(source)
  else res.end(length === source.length ? source : Buffer.from(source), 'latin1')
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
 * went away. Whatever fails, the body is cancelled, so that what feeds it (a file, an
 * upstream connection) is released.
 *
 * @throws BodyStreamError (as a rejection) when the body fails after the headers were
 *   sent (an error, a chunk that is not bytes, more or fewer bytes than its
 *   `Content-Length`); the caller closes the connection. Before that, the error itself
 *   (a header value Node refuses, a first chunk that is not bytes): nothing was sent.
 */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  // A helper's text (`text()`, `json()`, `html()`) goes out as it is, before anything
  // asks for `body`: no stream is ever made for it. (Its status always allows a body.)
  const held = takeHeldText(response)
  if (held !== undefined) {
    const { flat } = flatHeaders(response.headers)
    return sendKnown(res, response, flat, method === 'HEAD', held)
  }
  const body = response.body
  let reader: Reader | undefined
  try {
    await write(
      res,
      response,
      method,
      (stream) => (reader = stream.getReader() as Reader),
    )
  } catch (error) {
    if (reader) void reader.cancel(error).catch(() => {})
    else if (body !== null && !body.locked) void body.cancel(error).catch(() => {})
    throw error
  }
}

async function write(
  res: ServerResponse,
  response: Response,
  method: string,
  lock: (body: ReadableStream<Uint8Array>) => Reader,
): Promise<void> {
  const { flat, length: declared } = flatHeaders(response.headers)
  const body = response.body
  if (forbidsContent(response.status)) {
    // No framing (RFC 9110 §8.6): 1xx and 204 never carry a length, 205 goes out with
    // the `Content-Length: 0` Node adds; a 304 may keep the length of the 200 it stands
    // for. (The Response constructor refuses a body with these statuses.)
    if (response.status === 304 && declared !== undefined) {
      flat.push('content-length', String(declared))
    }
    head(res, response, flat).end()
    return
  }
  const isHead = method === 'HEAD'
  if (body === null) {
    // HEAD's length is the one GET would have; any other empty answer says 0 (Node's).
    if (isHead && declared !== undefined) flat.push('content-length', String(declared))
    head(res, response, flat).end()
    return
  }
  const source = sourceOf(response, body)
  if (source !== undefined) return sendKnown(res, response, flat, isHead, source)
  const reader = lock(body)
  const firstRead = reader.read()
  const first = await readNow(firstRead)
  if (first === PENDING) {
    if (declared !== undefined) flat.push('content-length', String(declared))
    head(res, response, flat)
    return isHead ? endHead(res, reader) : streamRest(res, reader, firstRead, declared)
  }
  if (first.done) {
    flat.push('content-length', '0')
    head(res, response, flat).end()
    return
  }
  const firstChunk = bodyChunk(first.value)
  const secondRead = reader.read()
  const second = await readNow(secondRead)
  if (second !== PENDING && second.done) {
    flat.push('content-length', String(firstChunk.byteLength))
    head(res, response, flat)
    if (isHead) res.end()
    else res.end(firstChunk)
    return
  }
  // A second chunk already there is checked while nothing is sent yet.
  if (second !== PENDING) bodyChunk(second.value)
  if (declared !== undefined) flat.push('content-length', String(declared))
  head(res, response, flat)
  if (isHead) return endHead(res, reader)
  return pump(reader, res, secondRead, declared, firstChunk)
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
  declared: number | undefined,
): Promise<void> {
  // An empty write sends the head now, as latin1; flushHeaders() would send it as
  // UTF-8 text, re-encoding header bytes above 0x7f.
  res.write(EMPTY)
  return pump(reader, res, next, declared)
}

const EMPTY = new Uint8Array(0)

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

/**
 * The rest of the stream (after `first`, when a chunk was read already), one chunk in
 * flight, waiting for 'drain' when told to. With a `Content-Length` (`declared`), a
 * body that is longer or shorter fails before its last declared byte is written, and
 * the caller closes the connection: the client sees a cut body, never the surplus as
 * the next response, nor a complete answer on a connection about to close.
 */
async function pump(
  reader: Reader,
  res: ServerResponse,
  pending: Promise<Read>,
  declared: number | undefined,
  first?: Uint8Array,
): Promise<void> {
  let gone = false
  let left = declared ?? Infinity
  // The client going away cancels the body, which ends the loop below.
  const onClose = (): void => {
    gone = true
    if (!res.writableFinished) void reader.cancel().catch(() => {})
  }
  res.once('close', onClose)
  // The client may have left before this loop began listening for it.
  if (res.destroyed) onClose()
  // The chunk that fills the Content-Length, written only once the stream has ended:
  // were more to come, the client must not see a complete response on a connection
  // about to close, or it could send its next request on it.
  let held: Uint8Array | undefined
  const send = async (chunk: Uint8Array): Promise<void> => {
    if (chunk.byteLength === 0) return
    if (held !== undefined || chunk.byteLength > left) {
      // Nothing of it goes out: the client sees a cut body, then the closed connection
      // (once what was written before has left, so the cut is where the body broke).
      await new Promise<void>((resolve) => res.write(EMPTY, () => resolve()))
      throw new BodyStreamError(
        new RangeError(
          `the body is longer than its Content-Length (${declared} bytes)`,
        ),
      )
    }
    if (chunk.byteLength === left) {
      held = chunk
      return
    }
    left -= chunk.byteLength
    if (!res.write(chunk)) await drained(res)
  }
  try {
    if (first) await send(first)
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
      let chunk: Uint8Array
      try {
        chunk = bodyChunk(result.value)
      } catch (error) {
        throw new BodyStreamError(error)
      }
      await send(chunk)
    }
    if (gone || res.destroyed) return
    if (held !== undefined) {
      res.end(held)
      return
    }
    if (left !== Infinity && left > 0) {
      throw new BodyStreamError(
        new RangeError(
          `the body ended ${left} bytes short of its Content-Length (${declared} bytes)`,
        ),
      )
    }
    res.end()
  } finally {
    res.off('close', onClose)
  }
}
