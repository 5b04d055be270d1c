/**
 * The stack every runtime serves in the shared HTTP suite (suite.ts): one
 * `createHandler` with a native layer and a migrated hook class, and routes that
 * exercise what adapters get wrong (streams both ways, cookies, empty bodies, binary,
 * queries, error pages). Runtime-neutral: bundled as it is for workerd, Bun and Deno.
 */
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  createHandler,
  json,
  NotFound,
  text,
  type Handler,
  type View,
} from '../../src/index.js'
import { setCookie } from '../../src/cookies/index.js'
import {
  cookieSessionStore,
  csrf,
  session,
  type Session,
} from '../../src/middleware/index.js'
import { mismatches } from '../src/response-conformance.js'

/** Tells which platform objects the adapter attached to a request (route `/platform`). */
export type DescribePlatform = (request: Request) => string

class PoweredBy {
  processResponse(request: Request, response: Response) {
    response.headers.set('x-powered-by', 'shallot')
    return response
  }
}

const stamp =
  (getResponse: Handler): Handler =>
  async (request) => {
    const response = await getResponse(request)
    response.headers.set('x-stack', 'shallot')
    return response
  }

const encoder = new TextEncoder()

/** Three chunks, each produced only after the previous one was pulled. */
function slowChunks(): ReadableStream<Uint8Array> {
  const chunks = ['one\n', 'two\n', 'three\n']
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      const next = chunks.shift()
      if (next === undefined) controller.close()
      else controller.enqueue(encoder.encode(next))
    },
  })
}

/**
 * `/session/*`: a signed-cookie session behind `csrf()`, so every runtime shows that a
 * session survives a round trip through its adapter beside a second `Set-Cookie`.
 */
function sessionApp(): Handler {
  const sessionViews: Record<string, View<{ session: Session }>> = {
    '/session/login': async (request) => {
      await request.session.cycleKey()
      await request.session.set('user', 'ada')
      return setCookie(text('logged in'), 'theme', 'dark', { httpOnly: false })
    },
    '/session/me': async (request) =>
      text((await request.session.get<string>('user')) ?? 'guest'),
    '/session/logout': async (request) => {
      await request.session.flush()
      return text('logged out')
    },
  }
  return createHandler({
    middleware: [
      session({ store: cookieSessionStore(), secrets: ['runtime-suite-secret'] }),
      csrf(),
    ],
    resolve: (request) => {
      const view = sessionViews[new URL(request.url).pathname]
      if (view === undefined) throw new NotFound('no route')
      return { view }
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  })
}

function routes(describePlatform: DescribePlatform): Record<string, View> {
  const sessionRoutes = sessionApp()
  return {
    '/': () => new Response('hello', { headers: { 'content-type': 'text/plain' } }),
    '/echo': (request) =>
      new Response(request.body, {
        headers: {
          'content-type':
            request.headers.get('content-type') ?? 'application/octet-stream',
        },
      }),
    '/stream': () =>
      new Response(slowChunks(), { headers: { 'content-type': 'text/plain' } }),
    '/cookies': () => {
      const headers = new Headers()
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/; HttpOnly')
      return new Response('two cookies', { headers })
    },
    '/no-content': () => new Response(null, { status: 204 }),
    '/not-modified': () =>
      new Response(null, { status: 304, headers: { etag: '"v1"' } }),
    '/boom': () => {
      throw new Error('secret detail')
    },
    '/query': (request) => {
      const url = new URL(request.url)
      return Response.json({
        pathname: url.pathname,
        a: url.searchParams.getAll('a'),
        b: url.searchParams.get('b'),
      })
    },
    '/binary': () =>
      new Response(
        Uint8Array.from({ length: 256 }, (_, i) => i),
        {
          headers: { 'content-type': 'application/octet-stream' },
        },
      ),
    '/headers': (request) =>
      Response.json({
        cookie: request.headers.get('cookie'),
        multi: request.headers.get('x-multi'),
        host: request.headers.get('host'),
      }),
    '/platform': (request) => new Response(describePlatform(request)),
    '/helper': () => text('hello from text()'),
    // The conformance checks of tests/src/responses.test.ts, run by this runtime.
    '/conformance': async () => json(await mismatches(text)),
    ...Object.fromEntries(
      ['/session/login', '/session/me', '/session/logout'].map((path) => [
        path,
        sessionRoutes,
      ]),
    ),
  }
}

/** The shared stack; `describePlatform` answers `/platform` for the runtime's adapter. */
export function sharedStack(describePlatform: DescribePlatform): Handler {
  const table = routes(describePlatform)
  return createHandler({
    middleware: [stamp, fromHooks(PoweredBy)],
    resolve: (request) => {
      const view = table[new URL(request.url).pathname]
      if (view === undefined) throw new NotFound('no route')
      return { view }
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  })
}
