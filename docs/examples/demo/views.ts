/**
 * The views. Each declares only the request data it reads; the router hands them the
 * full request, which has all of it.
 *
 * @module
 */
import { NotFound, TemplateResponse, type Req, type View } from 'shallot'
import { ConflictError } from './errors.js'
import type { Session } from './middleware/session.js'
import type { User } from './middleware/user.js'
import { homePage } from './templates.js'

/**
 * `/`: a template response; the stack runs any `processTemplateResponse` hooks on it,
 * then renders it.
 */
export const home: View<Req<{ requestId: string; session: Session; user: User }>> = (
  request,
) =>
  new TemplateResponse(
    homePage,
    {
      name: request.user.name,
      signedIn: request.user.isAuthenticated,
      requestId: request.requestId,
      visits: request.session.visits,
    },
    { headers: { 'cache-control': 'no-store' } },
  )

/** `/boom`: a bug. A bare 500 in production; `DEBUG=1` shows the message and stack. */
export const boom: View = () => {
  throw new Error('Something broke inside the /boom view.')
}

/** `/missing`: a view that looks something up and does not find it. */
export const missing: View = () => {
  throw new NotFound('There is no article called "missing".')
}

/** `/conflict`: a domain error that only the legacy class knows how to answer. */
export const conflict: View = () => {
  throw new ConflictError('The article changed since you loaded it; reload and retry.')
}

/**
 * `/about`: a page that is the same for everyone, so caches may keep it: the built-in
 * `conditionalGet` gives it an ETag and answers a matching `If-None-Match` with a 304.
 */
export const about: View = () =>
  new Response(
    '<!doctype html>\n<title>About the shallot demo</title>\n<p>A stack of native layers, built-in middleware and a migrated hook class.</p>\n',
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
