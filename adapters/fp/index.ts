/**
 * `shallot/fp`: fp-ts interop. Handlers and middleware written as `TaskEither`, hooks
 * as `Option`, and composition as an fp-ts `Monoid`. fp-ts is an optional peer
 * dependency: only its types are used, its data shapes are read directly.
 *
 * @module shallot/fp
 */
export { getMiddlewareMonoid } from './monoid.js'
export {
  handlerFromTaskEither,
  hookFromOption,
  middlewareFromTaskEither,
} from './task-either.js'
