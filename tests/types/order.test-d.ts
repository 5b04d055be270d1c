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
