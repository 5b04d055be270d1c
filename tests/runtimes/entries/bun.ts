/**
 * The shared stack served by Bun on 127.0.0.1 and a free port, which it prints as
 * `listening on <port>` (tests/runtimes/bun.test.ts).
 */
import { toFetchHandler } from '../../../adapters/fetch/index.js'
import { servedStack } from './served-stack.js'

/** The part of Bun's global this entry uses (no Bun types in this repository). */
declare const Bun: {
  serve(options: {
    hostname: string
    port: number
    fetch: (request: Request, server: unknown) => Promise<Response>
  }): { readonly port: number }
}

const app = toFetchHandler(servedStack())
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch })
console.log(`listening on ${server.port}`)
