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
import {
  allowedHosts,
  compress,
  conditionalGet,
  requestId,
  securityHeaders,
  serverTiming,
} from 'shallot/middleware'
import { PoweredByMiddleware } from './middleware/legacy-powered-by.js'
import { session } from './middleware/session.js'
import { user } from './middleware/user.js'

export const stack = [
  requestId(), // outermost: every response carries the id, even an error page
  compress(), // gzip for clients that accept it, streaming
  serverTiming(), // measures everything inside it
  securityHeaders(), // nosniff, Referrer-Policy, COOP, X-Frame-Options: DENY
  allowedHosts(['127.0.0.1', 'localhost']), // any other Host header is a 400
  conditionalGet(), // ETag on small bodies, 304 for a matching If-None-Match
  fromHooks(PoweredByMiddleware), // a migrated hook-style class
  session, // provides request.session
  user, // needs request.session, provides request.user
] as const

/** The request every view receives: a `Request` plus everything the stack provides. */
export type AppRequest = Req<ProvidedBy<typeof stack>>
