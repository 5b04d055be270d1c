/**
 * The classic IP allow-list, as a hook-style class: `processRequest` raises
 * `PermissionDenied` for an address that is not on the list, and the stack answers
 * 403 without running the layers inside or the view.
 *
 * Run it: `npx tsx docs/examples/classics/ip-allow-list.ts`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url'
import { createHandler, PermissionDenied } from 'shallot'
import { fromHooks } from 'shallot/legacy'

/** The addresses let through (Django would keep this in settings). */
export const ALLOWED_ADDRESSES: ReadonlySet<string> = new Set(['127.0.0.1', '10.0.0.7'])

/**
 * The client's address as the proxy in front of the app saw it: the last entry of
 * `X-Forwarded-For`, which the proxy appends. The entries before it are whatever the
 * client sent. Without such a proxy anyone can send the header: read the socket's
 * address instead (`nodePlatform(request)?.req.socket.remoteAddress` on Node).
 */
export function clientAddress(request: Request): string | undefined {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim()
}

/** Lets only `ALLOWED_ADDRESSES` through; everyone else gets a 403. */
export class IpAllowListMiddleware {
  processRequest(request: Request): void {
    const address = clientAddress(request)
    if (address === undefined || !ALLOWED_ADDRESSES.has(address)) {
      throw new PermissionDenied(`${address ?? 'an unknown address'} is not allowed`)
    }
    // Returning nothing lets the request go on inward.
  }
}

/** The class in a new-style stack, in front of a view. */
export const handler = createHandler({
  middleware: [fromHooks(IpAllowListMiddleware)],
  view: () => new Response('welcome in'),
  logger: { debug() {}, info() {}, warn() {}, error() {} },
})

// Run as a script (not imported): show two requests.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const address of ['10.0.0.7', '203.0.113.9']) {
    const response = await handler(
      new Request('http://localhost/', { headers: { 'x-forwarded-for': address } }),
    )
    console.log(address, response.status, (await response.text()).trim())
  }
}
