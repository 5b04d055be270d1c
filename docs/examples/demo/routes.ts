/**
 * The route table and the resolver `createHandler` calls (Django's URLconf, reduced to
 * exact paths). An unknown path resolves to nothing, which the stack turns into a 404.
 *
 * @module
 */
import type { Resolver, View } from 'shallot'
import type { AppRequest } from './stack.js'
import { about, boom, conflict, home, loginView, logoutView, missing } from './views.js'

export interface Route {
  readonly path: string
  readonly view: View<AppRequest>
  /** One line for the startup banner. */
  readonly description: string
}

export const routes: readonly Route[] = [
  {
    path: '/',
    view: home,
    description: 'HTML page: your name once logged in (a login form until then)',
  },
  {
    path: '/login',
    view: loginView,
    description: 'POST username and password (the form on /): logs you in',
  },
  { path: '/logout', view: logoutView, description: 'POST: logs you out' },
  {
    path: '/about',
    view: about,
    description: 'the same page for everyone: an ETag, and 304 for If-None-Match',
  },
  {
    path: '/boom',
    view: boom,
    description: 'throws an Error: 500 (DEBUG=1 shows why)',
  },
  { path: '/missing', view: missing, description: 'raises NotFound: 404' },
  {
    path: '/conflict',
    view: conflict,
    description: 'raises ConflictError: 409 from the legacy hook class',
  },
]

const byPath = new Map(routes.map((route) => [route.path, route]))

export const resolve: Resolver<AppRequest> = (request) => {
  const route = byPath.get(new URL(request.url).pathname)
  return route === undefined ? undefined : { view: route.view }
}
