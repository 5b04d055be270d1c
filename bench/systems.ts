/**
 * The systems the bench compares. Each builds a handler with `n` pass-through layers
 * around an innermost step that answers with the same pre-built `Response`, written
 * the way that system's users write middleware. Every system has its own layer
 * functions, so no two systems share JIT feedback through a common closure.
 *
 * @module
 */
import middy from '@middy/core'
import { compose as honoCompose } from 'bench:hono-compose'
import { Context, Hono, type MiddlewareHandler } from 'hono'
import koaCompose from 'koa-compose'
import { fromKoa } from '../adapters/koa/index.js'
import { fromHooks } from '../adapters/legacy/index.js'
import { fromMiddy } from '../adapters/middy/index.js'
import {
  compose,
  createHandler,
  type Handler,
  type Middleware,
  type ResponseLike,
} from '../src/index.js'
import { catalog, type SystemId } from './catalog.js'

/** What the bench calls once per request. */
export type Entry = (request: Request) => Response | Promise<Response>

/** Builds the entry for a stack of `n` layers answering `response`. */
type Builder = (n: number, response: Response) => Entry

export interface System {
  /** Short key, used by `--only` and in the JSON report. */
  readonly id: SystemId
  /** The entry returns a `Response` synchronously (the floor); others a promise. */
  readonly sync: boolean
  readonly build: Builder
}

const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make)

// Hand-written sync closures: the floor, no promise anywhere.
type SyncHandler = (request: Request) => Response
const syncLayer =
  (next: SyncHandler): SyncHandler =>
  (request) =>
    next(request)

// Hand-written async closures: the baseline of every ratio.
const asyncLayer =
  (next: Handler): Handler =>
  async (request) => {
    const response = await next(request)
    return response
  }

// The same layer again, each behind the least a per-layer error conversion can be: one
// `.catch` (one promise reaction). What createHandler's boundary is measured against.
const catchLayer =
  (next: Handler): Handler =>
  async (request) => {
    const response = await next(request)
    return response
  }
const convert = (): Response => new Response(null, { status: 500 })
const caught =
  (handler: Handler): Handler =>
  (request) =>
    handler(request).catch(convert)

// The same layer, as a shallot factory (a separate function for separate feedback).
const composeLayer: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request)
  return response
}

// The same layer again, for createHandler.
const handlerLayer: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request)
  return response
}

// A hook-style class: both hooks sync, both pass through.
class PassThrough {
  processRequest(_request: Request): undefined {
    return undefined
  }
  processResponse(_request: Request, response: ResponseLike): ResponseLike {
    return response
  }
}
const hooksLayer = fromHooks(PassThrough)

// koa-compose: `ctx` per request, the innermost middleware sets the body.
interface KoaContext {
  readonly request: Request
  body: Response | undefined
}
const koaLayer = async (_ctx: KoaContext, next: () => Promise<unknown>) => {
  await next()
}

// Hono: the same middleware for its dispatcher and for `app.use`.
const honoLayer: MiddlewareHandler = async (_c, next) => {
  await next()
}

// The same Koa function and Middy `before`, each layer through shallot's adapter (its
// public entry), so the rows show what carrying such a layer across costs.
const koaAdapted = async (_ctx: unknown, next: () => Promise<unknown>) => {
  await next()
}
const middyAdapted = { before(_request: unknown): void {} }

// Middy: one middleware object per layer, sync before/after that pass.
const middyBefore = (_request: unknown): void => {}
const middyAfter = (_request: unknown): void => {}

const builders: Record<SystemId, Builder> = {
  sync(n, response) {
    let handler: SyncHandler = () => response
    for (let i = 0; i < n; i++) handler = syncLayer(handler)
    return handler
  },
  async(n, response) {
    let handler: Handler = async () => response
    for (let i = 0; i < n; i++) handler = asyncLayer(handler)
    return handler
  },
  asyncCatch(n, response) {
    let handler: Handler = caught(async () => response)
    for (let i = 0; i < n; i++) handler = caught(catchLayer(handler))
    return handler
  },
  compose(n, response) {
    return compose(...times(n, () => composeLayer))(async () => response)
  },
  createHandler(n, response) {
    return createHandler({
      middleware: times(n, () => handlerLayer),
      view: async () => response,
    })
  },
  fromHooks(n, response) {
    return createHandler({
      middleware: times(n, () => hooksLayer),
      view: async () => response,
    })
  },
  fromKoa(n, response) {
    return createHandler({
      middleware: times(n, () => fromKoa(koaAdapted)),
      view: async () => response,
    })
  },
  fromMiddy(n, response) {
    return createHandler({
      middleware: times(n, () => fromMiddy(middyAdapted)),
      view: async () => response,
    })
  },
  koa(n, response) {
    const inner = async (ctx: KoaContext) => {
      ctx.body = response
    }
    const dispatch = koaCompose<KoaContext>([...times(n, () => koaLayer), inner])
    return async (request) => {
      const ctx: KoaContext = { request, body: undefined }
      await dispatch(ctx)
      return ctx.body!
    }
  },
  honoCompose(n, response) {
    const inner: MiddlewareHandler = async () => response
    const dispatch = honoCompose(
      [...times(n, () => honoLayer), inner].map((h) => [[h]]),
    )
    return async (request) => {
      const context = await dispatch(new Context(request))
      return context.res
    }
  },
  honoApp(n, response) {
    const app = new Hono()
    for (let i = 0; i < n; i++) app.use(honoLayer)
    app.get('/', async () => response)
    return (request) => app.fetch(request)
  },
  middy(n, response) {
    const handler = middy(async () => response)
    for (let i = 0; i < n; i++) handler.use({ before: middyBefore, after: middyAfter })
    const call = handler as unknown as (
      event: unknown,
      context: object,
    ) => Promise<Response>
    return (request) => call(request, {})
  },
}

export const systems: readonly System[] = catalog.map(({ id }) => ({
  id,
  sync: id === 'sync',
  build: builders[id],
}))
