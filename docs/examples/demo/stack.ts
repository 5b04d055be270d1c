/**
 * The demo's middleware, outermost first: what Django calls the `MIDDLEWARE` setting.
 *
 * Each entry's types say what it needs and what it adds; `createHandler` checks the
 * order at compile time. Put `authentication` before `session` and `tsc` reports, at
 * the `createHandler` call in `app.ts`, an error whose first line ends "required in
 * type 'NeedsAnOuterLayerToProvide<"session", "middleware[i]">'", i being
 * authentication's index.
 *
 * The order is the one `docs/topics/built-in-middleware.md` recommends, for the same
 * reasons: a layer sees only the responses of the requests it lets in, so the layers
 * that decorate every response (request id, security headers) come before the ones
 * that answer early (allowedHosts' 400, csrf's 403); compress encodes what the layers
 * inside it return, and conditionalGet tags the uncompressed body inside it.
 *
 * @module
 */
import type { ProvidedBy, Req } from 'shallot'
import { fromHooks } from 'shallot/legacy'
import {
  allowedHosts,
  authentication,
  compress,
  conditionalGet,
  csrf,
  memorySessionStore,
  requestId,
  securityHeaders,
  serverTiming,
  session,
} from 'shallot/middleware'
import { PoweredByMiddleware } from './middleware/legacy-powered-by.js'
import { findUser } from './users.js'

export const stack = [
  requestId(), // outermost: every response carries the id, even an error page
  securityHeaders(), // nosniff, Referrer-Policy, COOP, X-Frame-Options: DENY, on 400s too
  allowedHosts(['127.0.0.1', 'localhost']), // any other Host header is a 400
  csrf(), // a cross-site POST is a 403 before any session is read
  compress(), // gzip for clients that accept it, streaming
  serverTiming(), // measures everything inside it
  conditionalGet(), // ETag on small bodies, 304 for a matching If-None-Match
  fromHooks(PoweredByMiddleware), // a migrated hook-style class
  // Sessions in this process's memory: lost on restart, not shared between processes.
  session({ store: memorySessionStore() }), // provides request.session (cookie `sessionid`)
  authentication({ load: findUser }), // needs request.session, provides request.user
] as const

/** The request every view receives: a `Request` plus everything the stack provides. */
export type AppRequest = Req<ProvidedBy<typeof stack>>
