/**
 * `fromKoa`: Koa-style `(ctx, next)` functions, run as a koa-compose chain inside one
 * layer of a shallot stack.
 *
 * @module
 */
import { ImproperlyConfigured, type Handler, type Middleware } from '../../src/index.js'
import { describe, isClass, nameOf } from '../../src/internal/describe.js'
import { Context, type KoaGroup, type KoaMiddleware } from './koa-context.js'

export type { KoaContext, KoaMiddleware } from './koa-context.js'

/**
 * Runs Koa-style middleware functions as one shallot middleware: a koa-compose chain
 * (the first function outermost) whose innermost `next()` calls the layers inside this
 * one and the view. Each request gets a fresh `ctx` (see `KoaContext`).
 *
 * - **The onion** is Django's and Koa's alike: code before `await next()` runs on the
 *   way in, code after it on the way out. A function that does not call `next()`
 *   answers early; the inner layers and the view never run, and the layers outside
 *   still see its response (N18).
 * - **Errors inside the group** behave as in Koa: what a function throws (or
 *   `ctx.throw`s) comes out of the `await next()` of the functions outside it, which
 *   may catch it. An error that leaves the group goes to this layer's boundary, which
 *   turns it into a response (404 for `ctx.throw(404)`, 500 for an `Error`).
 * - **Errors from the inner layers and the view do not come out of `next()`**: they
 *   became responses at their own boundary first (N2), so `await next()` resolves and
 *   `ctx.status` is 500 (or 404...). Check `ctx.status` instead of catching.
 * - **The response**: when the group finishes, if no function changed the status,
 *   body or headers after the inner response came back, that very `Response` object is
 *   returned, its body untouched; otherwise a new `Response` is built from `ctx`
 *   (a string body is `text/plain` or `text/html`, an object JSON, `null` a 204 while
 *   no status is set). When no function set anything and `next()` was never called,
 *   the answer is Koa's default, a 404 `Not Found`.
 *
 * @param middleware - Koa-style functions, outermost first, sync or async.
 * @returns One middleware factory, named `fromKoa(<function names>)` (`anonymous`
 *   for a function without a name): the name the boundary's messages and log lines
 *   cite, `Middleware fromKoa(logger, auth)`.
 * @throws ImproperlyConfigured (at once) when no function is given
 *   (`fromKoa() needs at least one (ctx, next) function.`) or an entry is not a
 *   function (`fromKoa() middleware[0] is a string, not a (ctx, next) function.`) or is
 *   a class (`fromKoa() middleware[0] is the class Auth, not a (ctx, next) function.
 *   A hook class goes through fromHooks(Auth).`).
 *   Per request, these errors become 500 responses at the layer's boundary:
 *   `fromKoa middleware[1] (<name>) called next() more than once.`, and
 *   `fromKoa(<names>) finished before the inner layers answered: a function called
 *   next() without awaiting it. Write await next() (or return next()).`
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
export function fromKoa(...middleware: readonly KoaMiddleware[]): Middleware {
  if (middleware.length === 0) {
    throw new ImproperlyConfigured('fromKoa() needs at least one (ctx, next) function.')
  }
  middleware.forEach((entry: unknown, index) => {
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
  const fns = [...middleware]
  const names = fns.map(nameOf)
  const name = `fromKoa(${names.join(', ')})`
  const factory = (getResponse: Handler): Handler => {
    const group: KoaGroup = { middleware: fns, names, name, getResponse }
    return (request) => new Context(request, group).run()
  }
  Object.defineProperty(factory, 'name', { value: name })
  return factory
}
