/**
 * fp-ts interop: handlers and middleware written as `TaskEither`, hooks as `Option`.
 * Only fp-ts's types are needed at run time; its data shapes (`_tag`) are read
 * directly, so none of fp-ts is bundled.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Option } from 'fp-ts/lib/Option.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { HttpError } from '../../src/index.js'
import type {
  Handler,
  MaybePromise,
  Middleware,
  Req,
  ResponseLike,
} from '../../src/index.js'

/** The value of a `Right`, or the `Left` thrown so that the boundary converts it. */
function rightOrThrow<A>(either: Either<unknown, A>): A {
  if (either._tag === 'Left') throw either.left
  return either.right
}

/**
 * A handler (or view) written as a `TaskEither`: a `Right` is the response, a `Left`
 * is thrown, so an `HttpError` becomes its status and `processException` hooks see it
 * like any exception the view raises.
 *
 * @param run - `(request) => TaskEither<HttpError, Response>`.
 * @returns A `Handler` that resolves with the `Right` and rejects with the `Left`.
 *
 * @example
 * ```ts
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { NotFound, createHandler } from 'shallot'
 * import { handlerFromTaskEither } from 'shallot/fp'
 *
 * const article = handlerFromTaskEither((request: Request) =>
 *   request.url.endsWith('/1')
 *     ? TE.right(new Response('article 1'))
 *     : TE.left(new NotFound('no such article')),
 * )
 * const handler = createHandler({ middleware: [], view: article })
 * console.log((await handler(new Request('http://localhost/2'))).status) // 404
 * ```
 */
export function handlerFromTaskEither<R = Request, Res extends ResponseLike = Response>(
  run: (request: R) => TaskEither<HttpError | unknown, Res>,
): Handler<R, Res> {
  return async (request) => rightOrThrow(await run(request)())
}

/**
 * A middleware written with `TaskEither`: `run(request, next)` gets the inner layers
 * as `next(request) => TaskEither<never, Response>` (the boundary below has already
 * turned their errors into responses, so it never fails) and returns the layer's
 * answer; a `Left` is thrown and converted at this layer's boundary.
 *
 * @param run - `(request, next) => TaskEither<HttpError, Response>`.
 * @returns A middleware factory.
 *
 * @example
 * ```ts
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { PermissionDenied } from 'shallot'
 * import { middlewareFromTaskEither } from 'shallot/fp'
 *
 * const staffOnly = middlewareFromTaskEither((request, next) =>
 *   request.headers.get('x-staff') === 'yes'
 *     ? next(request)
 *     : TE.left(new PermissionDenied('staff only')),
 * )
 * ```
 */
export function middlewareFromTaskEither<
  Requires extends object = {},
  Provides extends object = {},
>(
  run: (
    request: Req<Requires>,
    next: (request: Req<Requires & Provides>) => TaskEither<never, Response>,
  ) => TaskEither<HttpError | unknown, Response>,
): Middleware<Requires, Provides> {
  return (getResponse) => {
    const next =
      (request: Req<Requires & Provides>): TaskEither<never, Response> =>
      () =>
        getResponse(request).then((right) => ({ _tag: 'Right', right }))
    return async (request) => rightOrThrow(await run(request, next)())
  }
}

/**
 * A hook written to return an `Option`: `Some(response)` answers, `None` passes on
 * (Django's `None`). Use it for `processRequest`, `processView` or `processException`.
 *
 * @param hook - A function returning an `Option` of a response, or a promise of one.
 * @returns The same hook returning the response or `undefined`.
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/lib/Option.js'
 * import { hookFromOption } from 'shallot/fp'
 *
 * const processException = hookFromOption((request: Request, error: unknown) =>
 *   error instanceof RangeError ? O.some(new Response('out of range', { status: 416 })) : O.none,
 * )
 * ```
 */
export function hookFromOption<
  A extends unknown[],
  Res extends ResponseLike = Response,
>(
  hook: (...args: A) => MaybePromise<Option<Res>>,
): (...args: A) => Promise<Res | undefined> {
  return async (...args) => {
    const option = await hook(...args)
    return option._tag === 'Some' ? option.value : undefined
  }
}
