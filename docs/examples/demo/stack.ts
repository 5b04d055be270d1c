/**
 * The demo's middleware, outermost first: what Django calls the `MIDDLEWARE` setting.
 *
 * Each entry's types say what it needs and what it adds; `createHandler` checks the
 * order at compile time. Put `user` before `session` and `tsc` reports, at the
 * `createHandler` call in `app.ts`: "Type 'Middleware<{ session: Session; }, { user:
 * User; }>' is not assignable to type 'NeedsAnOuterLayerToProvide<"session">'".
 *
 * @module
 */
import type { ProvidedBy, Req } from 'shallot'
import { fromHooks } from 'shallot/legacy'
import { PoweredByMiddleware } from './middleware/legacy-powered-by.js'
import { requestId } from './middleware/request-id.js'
import { session } from './middleware/session.js'
import { timing } from './middleware/timing.js'
import { user } from './middleware/user.js'

export const stack = [
  requestId, // outermost: every response carries the id, even an error page
  timing, // measures everything inside it
  fromHooks(PoweredByMiddleware), // a migrated hook-style class
  session, // provides request.session
  user, // needs request.session, provides request.user
] as const

/** The request every view receives: a `Request` plus everything the stack provides. */
export type AppRequest = Req<ProvidedBy<typeof stack>>
