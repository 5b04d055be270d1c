/**
 * The Node objects behind a request: held privately by the request the adapter
 * created (and beside the requests derived from it), so nothing shows on the request
 * and nothing outlives it.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { read, requestSlot } from '../../src/internal/request-data.js'
import { NodeRequest } from './node-request.js'

/**
 * What `shallot/node` attaches to each request it creates: the `node:http` objects of
 * the exchange.
 *
 * Writing to `res` yourself bypasses the response the handler returns; use it for
 * what the `Response` cannot say, and expect the adapter's write to fail afterwards.
 *
 * @example
 * ```ts
 * import { nodePlatform, type NodePlatform } from 'shallot/node'
 *
 * const remoteAddress = (request: Request): string | undefined => {
 *   const platform: NodePlatform | undefined = nodePlatform(request)
 *   return platform?.req.socket.remoteAddress
 * }
 * console.log(remoteAddress(new Request('http://localhost/'))) // undefined
 * ```
 */
export interface NodePlatform {
  /** Always `'node'`, so code that handles several adapters can tell them apart. */
  readonly runtime: 'node'
  /** The request as `node:http` received it (socket, raw headers, HTTP version). */
  readonly req: IncomingMessage
  /** The response `node:http` will send. */
  readonly res: ServerResponse
}

const makePlatform = (req: IncomingMessage, res: ServerResponse): NodePlatform => ({
  runtime: 'node',
  req,
  res,
})

// The adapter's own requests hold their platform object; the requests derived from
// them (`clone`, `bodyLimit`, `common`, `carryRequestData`) keep it in the slot.
const NODE = requestSlot<NodePlatform>('node', (request) =>
  request instanceof NodeRequest
    ? NodeRequest.platform(request, makePlatform)
    : undefined,
)

/**
 * The `node:http` request and response behind a request that `shallot/node` created
 * (or one derived from it by `clone()`, `bodyLimit`, `common` or
 * `carryRequestData`), or `undefined` for any other request, including one a
 * middleware built with a plain `new Request(request, init)`: pass that through
 * `carryRequestData` (from `shallot`), or read what you need first.
 *
 * @param request - A request as the stack received it (after `provide`, still the
 *   same object).
 * @returns `{ runtime: 'node', req, res }`, or `undefined`.
 * @throws Never.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { nodePlatform, serve } from 'shallot/node'
 *
 * const handler = createHandler({
 *   middleware: [],
 *   view: (request) =>
 *     new Response(nodePlatform(request)?.req.socket.remoteAddress ?? 'unknown'),
 * })
 * const server = serve(handler, { port: 0 })
 * const { url } = await server.ready
 * console.log(await (await fetch(url)).text()) // 127.0.0.1
 * await server.close()
 * ```
 */
export function nodePlatform(request: Request): NodePlatform | undefined {
  return read(request, NODE)
}
