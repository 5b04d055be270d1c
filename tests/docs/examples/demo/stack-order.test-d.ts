/**
 * The demo's session and user middleware type-check only in that order: user needs the
 * session that an outer layer provides.
 */
import { expectTypeOf, test } from 'vitest'
import { createHandler } from '../../../../src/index.js'
import {
  session,
  type Session,
} from '../../../../docs/examples/demo/middleware/session.js'
import { user, type User } from '../../../../docs/examples/demo/middleware/user.js'
import type { AppRequest } from '../../../../docs/examples/demo/stack.js'

test('session outside user compiles, and the view sees both', () => {
  createHandler({
    middleware: [session, user],
    view: (request) => {
      expectTypeOf(request.session).toEqualTypeOf<Session>()
      expectTypeOf(request.user).toEqualTypeOf<User>()
      return new Response(request.user.name)
    },
  })
})

test('user outside session is a compile error', () => {
  createHandler({
    // @ts-expect-error user needs `session`, which no outer layer provides
    middleware: [user, session],
    view: () => new Response(),
  })
})

test("the demo's views receive everything the whole stack provides", () => {
  expectTypeOf<AppRequest>().toMatchTypeOf<
    Request & { requestId: string; session: Session; user: User }
  >()
})
