// Type tests: typed enrichment and the compile-time order checks of a stack.
import { describe, expectTypeOf, it } from 'vitest'
import {
  compose,
  createHandler,
  provide,
  type Handler,
  type Middleware,
  type Req,
} from '../../src/index.js'
import { fromHooks } from '../../adapters/legacy/index.js'

interface Session {
  id: string
}
interface User {
  name: string
}

const session: Middleware<{}, { session: Session }> = (getResponse) => (request) =>
  getResponse(provide(request, { session: { id: 's1' } }))
const user: Middleware<{ session: Session }, { user: User }> =
  (getResponse) => (request) =>
    getResponse(provide(request, { user: { name: request.session.id } }))
const plain: Middleware = (getResponse) => getResponse

describe('createHandler order checks', () => {
  it('right order compiles and the view infers every provided key', () => {
    const handler = createHandler({
      middleware: [session, plain, user],
      view: (request) => {
        expectTypeOf(request).toEqualTypeOf<
          Req<{ session: Session } & { user: User }>
        >()
        return new Response(`${request.user.name} ${request.session.id}`)
      },
    })
    expectTypeOf(handler).toEqualTypeOf<Handler>()
  })

  it('swapped order fails', () => {
    createHandler({
      // @ts-expect-error -- user needs session, which only an inner layer provides
      middleware: [user, session],
      view: () => new Response('x'),
    })
  })

  it('missing provider fails', () => {
    createHandler({
      // @ts-expect-error -- nothing provides session
      middleware: [user],
      view: () => new Response('x'),
    })
  })

  it('a view that needs what the stack never provides fails', () => {
    createHandler({
      middleware: [session],
      // @ts-expect-error -- the view reads user, which no layer provides
      view: (request) => new Response(request.user.name),
    })
    createHandler({
      middleware: [session],
      // @ts-expect-error -- an annotated view needing user does not fit either
      view: (request: Req<{ user: User }>) => new Response(request.user.name),
    })
  })

  it('a resolver and its views see the provided keys', () => {
    createHandler({
      middleware: [session, user],
      resolve: (request) => {
        expectTypeOf(request.user).toEqualTypeOf<User>()
        return { view: (inner) => new Response(inner.session.id) }
      },
    })
  })

  it('inline, unannotated factories compile between typed ones', () => {
    createHandler({
      middleware: [
        session,
        (getResponse) => async (request) => getResponse(request),
        user,
      ],
      view: (request) => new Response(request.user.name),
    })
  })

  it('a 10-layer stack still infers', () => {
    const add =
      <K extends string>(key: K): Middleware<{}, Record<K, number>> =>
      (getResponse) =>
      (request) =>
        getResponse(provide(request, { [key]: 1 } as Record<K, number>))
    createHandler({
      middleware: [
        add('a'),
        add('b'),
        session,
        add('c'),
        user,
        add('d'),
        add('e'),
        plain,
        add('f'),
        add('g'),
      ],
      view: (request) => {
        expectTypeOf(request.a + request.g).toEqualTypeOf<number>()
        expectTypeOf(request.user).toEqualTypeOf<User>()
        return new Response('ok')
      },
    })
  })

  it('hook classes from fromHooks sit anywhere in a typed stack', () => {
    class PoweredBy {
      processResponse(_request: Request, response: Response) {
        return response
      }
    }
    createHandler({
      middleware: [fromHooks(PoweredBy), session, fromHooks(PoweredBy), user],
      view: (request) => new Response(request.user.name),
    })
  })
})

describe('compose order types', () => {
  it('compose in the right order needs nothing and provides both', () => {
    expectTypeOf(compose(session, user)).toEqualTypeOf<
      Middleware<{}, { session: Session } & { user: User }>
    >()
  })

  it('an unmet requirement is passed on to the composed middleware', () => {
    const both = compose(user, session)
    createHandler({
      // @ts-expect-error -- the composition needs session from outside it
      middleware: [both],
      view: () => new Response('x'),
    })
    createHandler({
      middleware: [session, compose(user, plain)],
      view: (request) => new Response(request.user.name),
    })
  })

  it('compose() is the identity middleware', () => {
    const identity = compose()
    expectTypeOf(identity).toMatchTypeOf<Middleware>()
    expectTypeOf<Middleware>().toMatchTypeOf(identity)
    createHandler({ middleware: [identity], view: () => new Response('x') })
  })
})

describe('no silent pass: spreads, conditional entries and arrays', () => {
  const plains = [plain, plain]
  const loose = [session, user]
  const flag = Math.random() > 0.5

  it('a stack kept in a variable without as const is still checked', () => {
    const inOrder = [session, user] as const
    createHandler({ middleware: inOrder, view: (r) => new Response(r.user.name) })
    const swapped = [user, session] as const
    // @ts-expect-error -- user needs session, which only an inner layer provides
    createHandler({ middleware: swapped, view: () => new Response('x') })
    // @ts-expect-error -- an array's order is unknown, and user needs session
    createHandler({ middleware: loose, view: () => new Response('x') })
  })

  it('an array of layers that need nothing passes, in any order', () => {
    createHandler({ middleware: plains, view: () => new Response('x') })
    const built: Middleware[] = []
    createHandler({ middleware: built, view: () => new Response('x') })
  })

  it('a spread after the providers passes; one that needs more fails', () => {
    createHandler({
      middleware: [session, ...plains],
      view: (request) => new Response(request.session.id),
    })
    const needers = [user, user]
    createHandler({
      middleware: [session, ...needers],
      view: (request) => new Response(request.session.id),
    })
    // @ts-expect-error -- the spread entries need session, provided by none before them
    createHandler({ middleware: [plain, ...needers], view: () => new Response('x') })
  })

  it('a conditional entry must be in order whichever branch is taken', () => {
    createHandler({
      middleware: [session, flag ? user : plain],
      view: (request) => new Response(request.session.id),
    })
    createHandler({
      // @ts-expect-error -- when flag is true, user comes before session
      middleware: [flag ? user : plain, session],
      view: () => new Response('x'),
    })
  })

  it('a conditional provider provides only what both branches provide', () => {
    createHandler({
      // @ts-expect-error -- plain provides no session, so user may lack it
      middleware: [flag ? session : plain, user],
      view: () => new Response('x'),
    })
  })

  it('a key provided with another type than the one needed fails', () => {
    const numeric: Middleware<{}, { session: number }> = (getResponse) => (request) =>
      getResponse(provide(request, { session: 1 }))
    // @ts-expect-error -- user needs session: Session, numeric provides a number
    createHandler({ middleware: [numeric, user], view: () => new Response('x') })
  })
})
