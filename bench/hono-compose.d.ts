/**
 * Hono's dispatcher, `compose`, is not in the `hono` package's `exports`; the bench
 * build maps this virtual module to the file next to Hono's entry point.
 */
declare module 'bench:hono-compose' {
  import type { Context } from 'hono'

  type Dispatch = (context: Context, next?: () => Promise<void>) => Promise<Context>

  export function compose(middleware: [[Function]][]): Dispatch
}
