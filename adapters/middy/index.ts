/**
 * `shallot/middy`: Middy-style `before`/`after`/`onError` middleware carried into a
 * shallot stack.
 *
 * @module shallot/middy
 */
export { fromMiddy, type MiddyMiddleware, type MiddyRequest } from './from-middy.js'
