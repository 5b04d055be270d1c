/**
 * `fromKoa`: Koa-style `(ctx, next)` functions, run as a koa-compose chain inside one
 * layer of a shallot stack.
 *
 * @module
 */
import { ImproperlyConfigured, type Handler, type Middleware } from '../../src/index.js'
import type Koa from 'koa'
import { describe, isClass, nameOf, show } from '../../src/internal/describe.js'
import { assertOptions } from '../../src/internal/option-checks.js'
import { makeBridge } from './bridge.js'
import { loadKoa, type KoaRuntime } from './load-koa.js'
import { runGroup, type KoaGroup, type KoaMiddleware } from './run-group.js'

export type { KoaContext, KoaMiddleware } from './run-group.js'

/** `fromKoa`'s options, given before the functions: `fromKoa({ app }, ...fns)`. */
export interface FromKoaOptions {
  /**
   * The Koa application whose `createContext` makes each request's `ctx`: one you made
   * (`new Koa({ keys })`, which packages such as `koa-session` also take), or the
   * options to make one with (`{ keys, proxy }`). Default: `new Koa()`.
   */
  readonly app?: Koa<any, any> | ConstructorParameters<typeof Koa>[0]
}

/**
 * Runs Koa middleware as one shallot middleware, on Koa's own context: a koa-compose
 * chain (the first function outermost) whose innermost `next()` calls the layers
 * inside this one and the view. Each request gets a `ctx` made by a Koa application's
 * `createContext`, over a Node request carrying the Web request (its body unread until
 * Koa code reads `ctx.req`) and a Node response that holds what Koa writes. Packages
 * written for Koa (`@koa/router`, `koa-session`, `koa-compress`...) run unchanged.
 *
 * - **Runs on Node** (20.16 or later) with `koa` installed (an optional peer
 *   dependency); elsewhere making the layer throws `ImproperlyConfigured`.
 * - **The onion** is Django's and Koa's alike: code before `await next()` runs on the
 *   way in, code after it on the way out. A function that does not call `next()`
 *   answers early; the inner layers and the view never run, and the layers outside
 *   still see its response (N18).
 * - **Errors inside the group** behave as in Koa: what a function throws (or
 *   `ctx.throw`s) comes out of the `await next()` of the functions outside it, which
 *   may catch it. An error that leaves the group goes to this layer's boundary, which
 *   turns it into a response (the error's `status` for `ctx.throw(404)`, 500 for an
 *   `Error`).
 * - **Errors from the inner layers and the view do not come out of `next()`**: they
 *   became responses at their own boundary first (N2), so `await next()` resolves and
 *   `ctx.status` is 500 (or 404...). Check `ctx.status` instead of catching.
 * - **The inner response** is shown as Koa shows a downstream body: its status in
 *   `ctx.status`, its headers on `ctx.response`, its body a Node stream in `ctx.body`
 *   (`null` when it has none).
 * - **The response**: if no function changed the status, body or headers after the
 *   inner response came back, that very `Response` object is returned, its body
 *   untouched; otherwise a new `Response` is made from `ctx` by Koa's own rules (a
 *   string, a `Buffer`, a stream, a `Blob`, a `Response`, anything else JSON; no body:
 *   the status message).
 *
 * @param middleware - Koa middleware functions, outermost first, sync or async;
 *   optionally preceded by a `FromKoaOptions` object: `fromKoa({ app }, ...fns)`.
 * @returns One middleware factory, named `fromKoa(<function names>)` (`anonymous`
 *   for a function without a name): the name the boundary's messages and log lines
 *   cite, `Middleware fromKoa(logger, auth)`.
 * @throws ImproperlyConfigured (at once) when no function is given
 *   (`fromKoa() needs at least one (ctx, next) function.`) or an entry is not a
 *   function (`fromKoa() middleware[0] is a string, not a (ctx, next) function.`) or is
 *   a class (`fromKoa() middleware[0] is the class Auth, not a (ctx, next) function.
 *   A hook class goes through fromHooks(Auth).`), for an unknown option or an `app`
 *   that is neither a Koa application nor an object, off Node
 *   (`fromKoa() needs Node.js (20.16 or later)...`) and without `koa`
 *   (`fromKoa() needs the koa package...`).
 *   Per request, these errors become 500 responses at the layer's boundary:
 *   `fromKoa middleware[1] (<name>) called next() more than once.`,
 *   `fromKoa(<names>) finished before the inner layers answered: a function called
 *   next() without awaiting it. Write await next() (or return next()).`,
 *   `fromKoa(<names>): ctx.status is 102; a Response's status is from 200 to 599.` and
 *   `fromKoa(<names>): ctx.respond = false is not supported...`.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { fromKoa, type KoaMiddleware } from 'shallot/koa'
 *
 * const responseTime: KoaMiddleware = async (ctx, next) => {
 *   const started = Date.now()
 *   await next()
 *   ctx.set('x-response-time', `${Date.now() - started}ms`)
 * }
 * const koaLayer = fromKoa(responseTime)
 * const handler = createHandler({
 *   middleware: [koaLayer],
 *   view: () => new Response('hello'),
 * })
 * const response = await handler(new Request('http://localhost/'))
 * console.log(koaLayer.name) // fromKoa(responseTime)
 * console.log(response.headers.has('x-response-time'), await response.text()) // true hello
 * ```
 */
export function fromKoa(...middleware: readonly KoaMiddleware[]): Middleware
export function fromKoa(
  options: FromKoaOptions,
  ...middleware: readonly KoaMiddleware[]
): Middleware
export function fromKoa(...entries: readonly unknown[]): Middleware {
  const first = entries[0]
  // Options are a plain object; an instance (`new Cors()`) is a misplaced middleware.
  const withOptions =
    typeof first === 'object' &&
    first !== null &&
    [Object.prototype, null].includes(Object.getPrototypeOf(first) as object | null)
  const options = (withOptions ? first : undefined) as FromKoaOptions | undefined
  const middleware = withOptions ? entries.slice(1) : entries
  if (middleware.length === 0) {
    throw new ImproperlyConfigured('fromKoa() needs at least one (ctx, next) function.')
  }
  middleware.forEach((entry, index) => {
    if (typeof entry !== 'function') {
      throw new ImproperlyConfigured(
        `fromKoa() middleware[${index}] is ${describe(entry, { classes: false })}, not a (ctx, next) function.` +
          (Array.isArray(entry) ? ' Spread the array: fromKoa(...functions).' : ''),
      )
    }
    // A class would only fail per request: it cannot be called without `new`.
    if (isClass(entry)) {
      const name = nameOf(entry)
      throw new ImproperlyConfigured(
        `fromKoa() middleware[${index}] is the class ${name}, not a (ctx, next) function. ` +
          `A hook class goes through fromHooks(${name}).`,
      )
    }
  })
  assertOptions(options, ['app'], 'fromKoa()')
  const runtime = loadKoa()
  const app = koaApp(runtime, options?.app)
  const bridge = makeBridge(runtime)
  const fns = middleware as KoaMiddleware[]
  const names = fns.map(nameOf)
  const name = `fromKoa(${names.join(', ')})`
  const factory = (getResponse: Handler): Handler => {
    const group: KoaGroup = { middleware: fns, names, name, getResponse, app, bridge }
    return (request) => runGroup(request, group)
  }
  Object.defineProperty(factory, 'name', { value: name })
  return factory
}

/** The group's Koa application: the one given, or one made with the options given. */
function koaApp(runtime: KoaRuntime, app: FromKoaOptions['app']): Koa<any, any> {
  if (app === undefined) return new runtime.Koa()
  if (app instanceof runtime.Koa) return app
  if (typeof app !== 'object' || app === null || Array.isArray(app)) {
    throw new ImproperlyConfigured(
      `fromKoa() option app must be a Koa application or Koa's options, got ${show(app)}.`,
    )
  }
  return new runtime.Koa(app)
}
