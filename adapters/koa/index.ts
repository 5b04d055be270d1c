/**
 * `shallot/koa`: Koa middleware, `(ctx, next)` functions, run on Koa's own context
 * inside a shallot stack. Needs Node and the `koa` package (an optional peer).
 *
 * @module shallot/koa
 */
export {
  fromKoa,
  type FromKoaOptions,
  type KoaContext,
  type KoaMiddleware,
} from './from-koa.js'
