/**
 * The `Request` the stack receives: a real one. `NodeRequest` extends the global
 * `Request` and is built by its constructor when the request arrives, so
 * `new Request(request, init)`, `fetch(request)`, `clone()` and `instanceof` treat it
 * as any other; nothing global is replaced.
 *
 * Only `signal` is deferred. Giving the constructor a signal to follow makes the
 * request cost 5 to 7 times as much (measured on Node 20 and 24), and most handlers
 * never read it: the getter below makes the client-disconnect signal
 * on first use, and `clone()` passes it on. `new Request(request)` and
 * `fetch(request)` copy the constructor's own signal, which never aborts, unless given
 * `{ signal: request.signal }`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { carry } from '../../src/internal/request-data.js'
import { bodyStream, type LimitTarget } from './request-body.js'

/** What the request needs to know beyond the exchange. */
export interface RequestConfig {
  readonly maxBodySize: number
}

function clientGone(): DOMException {
  return new DOMException('The client disconnected.', 'AbortError')
}

/**
 * Whether the request has a body at all: a length or a chunked transfer, on a method
 * that may carry one (`new Request` refuses a body on GET and HEAD).
 */
function hasBody(req: IncomingMessage): boolean {
  const method = req.method
  if (method === 'GET' || method === 'HEAD') return false
  const headers = req.headers
  return (
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  )
}

/** Shared by the requests without a body, which can never pass the limit. */
const NO_BODY: LimitTarget = Object.freeze({ tooLarge: false })

/** The `Request` shallot/node hands to the stack; see the module comment. */
export class NodeRequest extends Request {
  readonly #req: IncomingMessage
  readonly #res: ServerResponse
  readonly #limit: LimitTarget
  #controller: AbortController | undefined
  #platform: object | undefined

  /**
   * @throws TypeError when the global `Request` refuses the method (`TRACE`) or a
   *   header (possible only with Node's `insecureHTTPParser`).
   */
  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    config: RequestConfig,
  ) {
    // Set on every request a server parsed; llhttp accepts upper-case method names
    // only, already in Fetch's normal form.
    const method = req.method as string
    const limit: LimitTarget = hasBody(req) ? { tooLarge: false } : NO_BODY
    super(
      url,
      limit === NO_BODY
        ? { method }
        : // `duplex` is needed for a streamed body; not in the DOM types yet.
          ({
            method,
            body: bodyStream(req, config.maxBodySize, limit),
            duplex: 'half',
          } as RequestInit),
    )
    this.#req = req
    this.#res = res
    this.#limit = limit
    // Appended to the request's own Headers rather than passed in `init`, which would
    // build a second Headers and copy it. rawHeaders keeps repeated headers apart:
    // [name, value, name, value, ...].
    const headers = this.headers
    const raw = req.rawHeaders
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  }

  /**
   * The body passed `maxBodySize`: the exchange must end with a 413. An accessor, so
   * that it is no own property to be taken for data `provide` added.
   */
  get tooLarge(): boolean {
    return this.#limit.tooLarge
  }

  /** Aborts when the client disconnects before the response was sent completely. */
  override get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController()
      this.#controller = controller
      const res = this.#res
      if (this.#req.socket.destroyed && !res.writableFinished) {
        controller.abort(clientGone())
      } else {
        res.once('close', () => {
          // A response that was sent completely closes too: that is no abort.
          if (!res.writableFinished) controller.abort(clientGone())
        })
      }
    }
    return this.#controller.signal
  }

  /** A real copy (tee'd body) that keeps the platform objects and data. */
  override clone(): Request {
    // The constructor's clone follows only the signals it made itself: give the copy
    // the client-disconnect one.
    return carry(this, new Request(super.clone(), { signal: this.signal }))
  }

  /**
   * The platform object of `request`, made by `make` from its `node:http` objects on
   * first use and kept: the request holds it, as a `WeakMap` entry per request would
   * cost the collector more than the rest of the exchange. (`make` comes from the
   * module that defines the object's type, which imports this one.)
   */
  static platform<P extends object>(
    request: NodeRequest,
    make: (req: IncomingMessage, res: ServerResponse) => P,
  ): P {
    return (request.#platform ??= make(request.#req, request.#res)) as P
  }
}

/**
 * The request itself. The requests `shallot/node` hands the stack are real `Request`s
 * now, which `new Request(request, init)` and `fetch(request)` take as they are; this
 * is kept so that code written for the earlier lazy request still compiles and runs.
 *
 * @deprecated Pass the request itself.
 * @param request - A request the stack received.
 * @returns `request`.
 * @throws Never.
 *
 * @example
 * ```ts
 * import { realRequest } from 'shallot/node'
 *
 * const request = new Request('http://localhost/')
 * console.log(realRequest(request) === request) // true
 * ```
 */
export function realRequest(request: Request): Request {
  return request
}
