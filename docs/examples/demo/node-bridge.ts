/**
 * A minimal bridge from `node:http` to a shallot handler and back, just enough for the
 * demo. A proper Node adapter (`shallot/node`) comes later; until then this file is
 * deliberately small and skips what a real adapter must handle: trusted proxies and
 * `X-Forwarded-*`, HTTPS, absolute-form request targets, request size limits,
 * trailers, `Expect: 100-continue`.
 *
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { Handler } from 'shallot'

/**
 * `IncomingMessage` to `Request`: method, URL (from the `Host` header), headers, and
 * for methods other than GET and HEAD the body as a stream, read only if the handler
 * reads it.
 *
 * @throws TypeError when the `Host` header does not make a valid URL.
 */
export function toWebRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const method = req.method ?? 'GET'
  // Concatenated, not resolved against a base: `new URL('//evil.example/', base)`
  // would let the request target change the host.
  const url = new URL(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`)
  const headers = new Headers()
  // rawHeaders keeps repeated headers apart: [name, value, name, value, ...]
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  if (method === 'GET' || method === 'HEAD') {
    return new Request(url, { method, headers, signal })
  }
  const init: RequestInit & { duplex: 'half' } = {
    method,
    headers,
    signal,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    // Required by Node's fetch for a streamed body; missing from the DOM types.
    duplex: 'half',
  }
  return new Request(url, init)
}

/**
 * `Response` to `ServerResponse`: status, headers (each `Set-Cookie` as its own
 * header), then the body streamed with backpressure; no body for HEAD.
 */
export async function writeWebResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  res.statusCode = response.status
  if (response.statusText !== '') res.statusMessage = response.statusText
  for (const [name, value] of response.headers) {
    // Joined with ", " a Set-Cookie list would be unreadable; written separately below.
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (method === 'HEAD' || response.body === null) {
    await response.body?.cancel()
    res.end()
    return
  }
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res)
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text)
}

/** A `(req, res)` listener for `http.createServer` that runs `handler`. */
export function nodeListener(handler: Handler): RequestListener {
  return (req, res) => {
    void respond(handler, req, res)
  }
}

async function respond(
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Aborts request.signal when the client goes away before the response is sent.
  const controller = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  let request: Request
  try {
    request = toWebRequest(req, controller.signal)
  } catch {
    plain(res, 400, '400 Bad Request\n')
    return
  }
  try {
    await writeWebResponse(res, await handler(request), request.method)
  } catch {
    // A shallot handler never rejects, so this is the body stream failing or the
    // client disconnecting mid-body: nothing useful can still be sent.
    if (res.headersSent) res.destroy()
    else plain(res, 500, '500 Internal Server Error\n')
  }
}
