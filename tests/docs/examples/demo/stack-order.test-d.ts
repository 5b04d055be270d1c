/**
 * The demo's session and authentication layers type-check only in that order:
 * authentication needs the session that an outer layer provides.
 */
import { expectTypeOf, test } from 'vitest'
import { createHandler } from '../../../../src/index.js'
import type { Session } from '../../../../src/middleware/index.js'
import { stack, type AppRequest } from '../../../../docs/examples/demo/stack.js'
import type { User } from '../../../../docs/examples/demo/users.js'

// The last two entries of the demo stack.
const sessionLayer = stack[8]
const authenticationLayer = stack[9]

test('session outside authentication compiles, and the view sees both', () => {
  createHandler({
    middleware: [sessionLayer, authenticationLayer],
    view: (request) => {
      expectTypeOf(request.session).toEqualTypeOf<Session>()
      expectTypeOf(request.user).toEqualTypeOf<User | null>()
      return new Response(request.user?.name ?? 'guest')
    },
  })
})

test('authentication outside session is a compile error', () => {
  createHandler({
    // @ts-expect-error authentication needs `session`, which no outer layer provides
    middleware: [authenticationLayer, sessionLayer],
    view: () => new Response(),
  })
})

test("the demo's views receive everything the whole stack provides", () => {
  expectTypeOf<AppRequest>().toMatchTypeOf<
    Request & { requestId: string; session: Session; user: User | null }
  >()
})
