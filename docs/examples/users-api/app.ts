/**
 * The users API, runtime-neutral: server.ts serves it on Node, lambda.ts on AWS Lambda.
 * @module
 */
import {
  createHandler,
  ImproperlyConfigured,
  json,
  Unauthorized,
  type Logger,
  type Middleware,
} from 'shallot'
import { cors, requestId, validate } from 'shallot/middleware'
import { path, urls } from 'shallot/urls'
import { z } from 'zod'
import { userStore } from './users.js'

export interface AppOptions {
  /** The token `DELETE` requires, as `Authorization: Bearer <token>`. */
  readonly token: string
  /** The origins whose scripts may call the API. Default: `'*'`, any (no cookies here). */
  readonly origins?: '*' | readonly string[]
  /** Where 4xx and 5xx are logged. Default: `console`. */
  readonly logger?: Logger
}

/** What `POST /users` takes. */
const NewUser = z.object({ name: z.string().trim().min(1).max(100), email: z.email() })

/** Lets through requests with the bearer token (compared in constant time); 401 otherwise. */
function bearer(token: string): Middleware {
  const want = new TextEncoder().encode(token)
  return (getResponse) => (request) => {
    const header = request.headers.get('authorization') ?? ''
    const given = new TextEncoder().encode(header.replace(/^bearer /i, ''))
    let diff = given.length ^ want.length
    for (let i = 0; i < given.length; i++) diff |= given[i]! ^ want[i % want.length]!
    if (diff !== 0 || !/^bearer /i.test(header)) {
      throw new Unauthorized('missing or wrong bearer token', {
        detail: 'Send Authorization: Bearer <token>.',
      })
    }
    return getResponse(request)
  }
}

/** Builds the API's handler, with a store of its own. */
export function createApp(options: AppOptions) {
  if (typeof options.token !== 'string' || options.token === '') {
    throw new ImproperlyConfigured('createApp() needs a token: a non-empty string.')
  }
  const users = userStore()
  const conf = urls([
    path('health', () => json({ status: 'ok' }), { methods: ['GET'] }),
    path(
      'users',
      // `: Response` is needed: the view reads `conf`, whose type holds the view's.
      (request): Response => {
        const user = users.add(request.valid.json)
        const location = conf.reverse('user', { id: user.id })
        return json(user, { status: 201, headers: { location } })
      },
      { methods: ['POST'], middleware: [validate({ json: NewUser })] },
    ),
    path('users/<int:id>', (request, args, { id }) => json(users.get(id)), {
      name: 'user',
      methods: ['GET'],
    }),
    path(
      'users/<int:id>',
      (request, args, { id }) => {
        users.remove(id)
        return new Response(null, { status: 204 })
      },
      { methods: ['DELETE'], middleware: [bearer(options.token)] },
    ),
  ])
  return createHandler({
    middleware: [
      requestId(),
      cors({
        origin: options.origins ?? '*',
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['location', 'x-request-id'],
        maxAge: 600,
      }),
    ],
    resolve: conf.resolve,
    logger: options.logger,
  })
}
