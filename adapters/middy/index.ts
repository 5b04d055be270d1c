/**
 * `shallot/middy`: Middy's `before`/`after`/`onError` middleware, Middy's own packages
 * included, carried into a shallot stack.
 *
 * @module shallot/middy
 */
export { fromMiddy } from './from-middy.js'
export { middyEvent } from './inside.js'
export type {
  ForeignMiddyMiddleware,
  MiddyEvent,
  MiddyMiddleware,
  MiddyRequest,
  MiddyResult,
} from './types.js'
