/**
 * The shared stack served by Deno on 127.0.0.1 and a free port, which it prints as
 * `listening on <port>` (tests/runtimes/deno.test.ts).
 */
import { toFetchHandler } from '../../../adapters/fetch/index.js'
import { servedStack } from './served-stack.js'

/** The part of Deno's global this entry uses (no Deno types in this repository). */
declare const Deno: {
  serve(
    options: {
      hostname: string
      port: number
      onListen(address: { port: number }): void
    },
    handler: (request: Request, info: unknown) => Promise<Response>,
  ): unknown
}

const app = toFetchHandler(servedStack())
Deno.serve(
  {
    hostname: '127.0.0.1',
    port: 0,
    onListen: ({ port }) => console.log(`listening on ${port}`),
  },
  app.fetch,
)
