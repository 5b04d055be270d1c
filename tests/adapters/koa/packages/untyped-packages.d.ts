// Types for the Koa packages the tests use that ship none: only the options the tests
// pass, each factory returning a Koa middleware function.
declare module 'koa-bodyparser' {
  import type { Middleware } from 'koa'
  module 'koa' {
    interface Request {
      body?: unknown
      rawBody: string
    }
  }
  export default function bodyParser(options?: { jsonLimit?: string }): Middleware
}

declare module 'koa-conditional-get' {
  import type { Middleware } from 'koa'
  export default function conditional(): Middleware
}

declare module '@koa/cors' {
  import type { Middleware } from 'koa'
  export default function cors(options?: {
    allowMethods?: string[]
    credentials?: boolean
    exposeHeaders?: string[]
  }): Middleware
}

declare module 'koa-ratelimit' {
  import type { Context, Middleware } from 'koa'
  export default function ratelimit(options: {
    driver: 'memory'
    db: Map<unknown, unknown>
    duration?: number
    max?: number
    id?: (ctx: Context) => string | false
    whitelist?: (ctx: Context) => boolean
    headers?: { remaining: string; reset: string; total: string }
  }): Middleware
}
