/**
 * `shallot/koa`: Koa-style `(ctx, next)` middleware carried into a shallot stack.
 *
 * @module shallot/koa
 */
export { fromKoa, type KoaContext, type KoaMiddleware } from './from-koa.js'
