/**
 * One request through a `fromKoa` group: a context Koa builds on the bridged
 * `req`/`res`, a koa-compose chain whose innermost `next()` calls the layers inside,
 * the inner `Response` shown to Koa as a downstream body, and the group's `Response`
 * made from what Koa holds at the end, by the rules of Koa's own `respond`.
 *
 * @module
 */
import type Koa from 'koa'
import type { Handler } from '../../src/index.js'
import { forbidsContent } from '../../src/internal/status.js'
import type { Bridge, BridgeResponse, WebBodyStream } from './bridge.js'

/**
 * A Koa middleware function, `(ctx, next) => ...`, as Koa itself takes it: Koa's own
 * context (types from `@types/koa`), sync or async. Declared as a method's type, whose
 * parameter is checked both ways, so that a package's middleware typed with its own
 * context (`@koa/router`'s, with `params`) is taken as `app.use` takes it.
 */
export type KoaMiddleware = {
  /** The function: Koa's context and `next`. */
  bivariant(ctx: KoaContext, next: Koa.Next): unknown
}['bivariant']

/** The context a function receives: Koa's own, made by the group's Koa application. */
export type KoaContext = Koa.ParameterizedContext

/** What every request of one `fromKoa` group shares, fixed when the stack is built. */
export interface KoaGroup {
  readonly middleware: readonly KoaMiddleware[]
  /** The functions' names, for messages (`anonymous` for those without one). */
  readonly names: readonly string[]
  /** The group's name, `fromKoa(logger, auth)`: the factory's name. */
  readonly name: string
  readonly getResponse: Handler
  /** The Koa application whose `createContext` makes each request's `ctx`. */
  readonly app: Koa<any, any>
  readonly bridge: Bridge
}

/** Koa's response object, with the two fields its `respond` reads besides the API. */
interface KoaResponseState {
  _body: unknown
  _explicitNullBody?: boolean
}

const ignore = () => {}

/** The state of one request through the group. */
interface Run {
  readonly ctx: KoaContext
  readonly res: BridgeResponse
  /** The deepest function dispatched so far (koa-compose's `index`). */
  index: number
  /** Set when the group has finished: an inner response arriving later is dropped. */
  done: boolean
  inner: Response | undefined
  /** The body given to Koa for the inner response (a stream, or `null`). */
  innerBody: WebBodyStream | null
  /** Whether the headers equal the inner response's once it was applied. */
  sameHeaders: boolean
}

/** Runs the group for one request and returns its response. */
export async function runGroup(request: Request, group: KoaGroup): Promise<Response> {
  const req = group.bridge.request(request)
  const res = group.bridge.response(req)
  const ctx = group.app.createContext(req, res) as KoaContext
  const run: Run = {
    ctx,
    res,
    index: -1,
    done: false,
    inner: undefined,
    innerBody: null,
    sameHeaders: false,
  }
  try {
    // An error leaving the group goes to the boundary as it is: one with an HTTP
    // `status` (`ctx.throw(401)`, the http-errors convention) gets that status there.
    await dispatch(run, group, request, 0)
  } finally {
    run.done = true
  }
  return finish(run, group)
}

/** koa-compose's `dispatch`: runs function `index`, or the inner layers after the last. */
function dispatch(
  run: Run,
  group: KoaGroup,
  request: Request,
  index: number,
): Promise<void> {
  const { middleware, names, getResponse } = group
  if (index <= run.index) {
    return Promise.reject(
      new Error(
        `fromKoa middleware[${index - 1}] (${names[index - 1]}) called next() more than once.`,
      ),
    )
  }
  run.index = index
  if (index === middleware.length) {
    return getResponse(request).then((response) => receive(run, group, response))
  }
  try {
    const result = middleware[index]!(run.ctx, () =>
      dispatch(run, group, request, index + 1),
    )
    return Promise.resolve(result) as Promise<void>
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The inner response came back: shown to Koa as a downstream body would be. Its status
 * becomes `ctx.status`; its headers are set over those set before `next()`
 * (`set-cookie` values are added); its body becomes `ctx.body`, a Node stream (read
 * only if something reads it), or `null`.
 */
function receive(run: Run, group: KoaGroup, response: Response): void {
  if (run.done) {
    // The group already answered (see `finish`); nobody will read this body.
    response.body?.cancel().catch(ignore)
    return
  }
  const { ctx, res } = run
  const koaResponse = ctx.response as unknown as KoaResponseState
  run.inner = response
  ctx.status = response.status
  const typed = res.hasHeader('content-type')
  if (response.body === null) {
    // Koa's explicit empty body, which keeps the status (`ctx.body = null` would
    // make a 200 a 204).
    koaResponse._body = null
    koaResponse._explicitNullBody = true
    res.removeHeader('content-length')
    run.innerBody = null
  } else {
    run.innerBody = group.bridge.body(response.body)
    ctx.body = run.innerBody
    // Koa types a stream `application/octet-stream`; the inner response said nothing.
    if (!typed && !response.headers.has('content-type'))
      res.removeHeader('content-type')
  }
  let names = 0
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue
    res.setHeader(name, value)
    names += 1
  }
  const cookies = response.headers.getSetCookie()
  // Cookies set before `next()` and the inner ones: both go, so the headers differ.
  const merged = cookies.length > 0 && res.hasHeader('set-cookie')
  if (cookies.length > 0) {
    res.appendHeader('set-cookie', cookies)
    names += 1
  }
  run.sameHeaders = !merged && res.getHeaderNames().length === names
  res.touched = false
}

/** The group's response: the inner one if nothing changed, otherwise one from `ctx`. */
function finish(run: Run, group: KoaGroup): Response {
  const { ctx, res, inner } = run
  if (inner === undefined && run.index === group.middleware.length) {
    throw new Error(
      `${group.name} finished before the inner layers answered: a function ` +
        'called next() without awaiting it. Write await next() (or return next()).',
    )
  }
  if (ctx.respond === false) {
    throw new Error(
      `${group.name}: ctx.respond = false is not supported: the response is made ` +
        'from ctx.status, the headers and ctx.body, never written to ctx.res.',
    )
  }
  const status = ctx.status
  const innerBody = run.innerBody
  const unread = innerBody === null || !innerBody.started
  // The fast path: the same object, its body untouched and still streaming.
  if (
    inner !== undefined &&
    !res.touched &&
    run.sameHeaders &&
    status === inner.status &&
    ctx.body === innerBody &&
    unread
  ) {
    return inner
  }
  if (status < 200 || status > 599) {
    throw new Error(
      `${group.name}: ctx.status is ${status}; a Response's status is from 200 to 599.`,
    )
  }
  // A body Koa replaced was destroyed by Koa, which cancels the inner stream.
  const body = responseBody(run, group)
  const headers = new Headers()
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, String(value))
  }
  return new Response(body, { status, headers })
}

/** The body Koa's `respond` would send for `ctx`, setting the headers it sets. */
function responseBody(run: Run, group: KoaGroup): BodyInit | null {
  const { ctx } = run
  const koaResponse = ctx.response as unknown as KoaResponseState
  const body: unknown = ctx.body
  if (forbidsContent(ctx.status)) {
    ctx.body = null
    return null
  }
  if (ctx.method === 'HEAD') {
    if (!ctx.res.hasHeader('content-length')) {
      const { length } = ctx.response
      if (Number.isInteger(length)) ctx.length = length
    }
    return null
  }
  if (body === null || body === undefined) {
    if (koaResponse._explicitNullBody === true) {
      ctx.remove('Content-Type')
      ctx.remove('Transfer-Encoding')
      ctx.length = 0
      return null
    }
    // Koa's status message: the status's reason phrase.
    const text = ctx.message || String(ctx.status)
    ctx.type = 'text'
    ctx.length = Buffer.byteLength(text)
    return text
  }
  // Koa's kinds of body; any other object (a `Uint8Array` that is not a `Buffer` too)
  // is JSON.
  if (typeof body === 'string' || body instanceof Blob) return body
  if (Buffer.isBuffer(body)) return body as Uint8Array<ArrayBuffer>
  if (body instanceof ReadableStream) return body as ReadableStream<Uint8Array>
  if (body instanceof Response) return body.body
  if (group.bridge.isStream(body)) {
    const unread = body === run.innerBody && !run.innerBody.started
    return unread ? run.inner!.body : group.bridge.toWeb(body)
  }
  const json = JSON.stringify(body)
  ctx.length = Buffer.byteLength(json)
  return json
}
