/**
 * The parts of the bench peers' APIs that bench/ uses. The peers are installed in
 * bench/peers/node_modules, apart from the root package, so the root typecheck cannot
 * read their own types, and must pass without them installed.
 */
declare module 'srvx' {
  export type ServerMiddleware = (
    request: Request,
    next: () => Response | Promise<Response>,
  ) => Response | Promise<Response>
  export interface ServerOptions {
    fetch: (request: Request) => Response | Promise<Response>
    middleware?: ServerMiddleware[]
    port?: number
    hostname?: string
    silent?: boolean
  }
  export interface Server {
    readonly url?: string
    ready(): Promise<Server>
  }
  export function serve(options: ServerOptions): Server
  /** A `Response` whose body stays a string until read (not the global one). */
  export class FastResponse extends Response {}
}

declare module 'h3' {
  import type { Server, ServerOptions } from 'srvx'

  export type Middleware = (event: unknown, next: () => Promise<unknown>) => unknown
  export class H3 {
    use(handler: Middleware): this
    get(route: string, handler: (event: unknown) => unknown): this
  }
  export function serve(app: H3, options?: Omit<ServerOptions, 'fetch'>): Server
}

declare module 'fastify' {
  import type { Server } from 'node:http'

  interface Reply {
    type(contentType: string): Reply
  }
  interface Instance {
    readonly server: Server
    addHook(name: 'onRequest', hook: () => Promise<void>): Instance
    get(route: string, handler: (request: unknown, reply: Reply) => unknown): Instance
    listen(options: { port: number; host: string }): Promise<string>
  }
  export default function Fastify(): Instance
}
