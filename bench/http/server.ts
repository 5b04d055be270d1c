/**
 * One server of the HTTP bench, in its own process: `tsx server.ts <kind> <layers>`
 * listens on 127.0.0.1:0, prints `port <n>`, and exits when its parent closes stdin.
 * Every kind answers `GET /` with the same 13-byte text body.
 *
 * @module
 */
import { createServer, type Server } from 'node:http'
import { serve as honoServe } from '@hono/node-server'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import { createHandler, type Middleware } from '../../src/index.js'
import { toNodeListener } from '../../adapters/node/index.js'

const BODY = 'hello, world\n'
const [kind = 'node', layersArg = '10'] = process.argv.slice(2)
const layers = Number(layersArg)

function bare(): Server {
  return createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '13',
    })
    res.end(BODY)
  })
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' }

// Bare node:http again, building the Web Response a Fetch-style handler must return
// and then ignoring it: what any bridge that keeps the real Response can reach at best.
function bareWithResponse(body: string | null): () => Server {
  return () =>
    createServer((req, res) => {
      const response = new Response(body, { headers: TEXT })
      res.writeHead(response.status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': '13',
      })
      res.end(BODY)
    })
}

function stack(body: string | null) {
  const pass: Middleware = (getResponse) => async (request) => {
    const response = await getResponse(request)
    return response
  }
  return createHandler({
    middleware: Array.from({ length: layers }, () => pass),
    view: () => new Response(body, { headers: TEXT }),
  })
}

function shallot(): Server {
  return createServer(toNodeListener(stack(BODY)))
}

// The view answers with a Response that has no body stream: the adapter and the
// dispatch without the cost of Node's body stream.
function shallotNullBody(): Server {
  return createServer(toNodeListener(stack(null)))
}

// The same stack behind @hono/node-server, which replaces the global Response in this
// process with a lighter object: the dispatch with a cheap Response.
function shallotOnHonoServer(): Promise<Server> {
  const handler = stack(BODY)
  return new Promise((resolve) => {
    const server = honoServe(
      { fetch: (request: Request) => handler(request), port: 0, hostname: '127.0.0.1' },
      () => resolve(server as Server),
    )
  })
}

function hono(): Promise<Server> {
  const app = new Hono()
  for (let i = 0; i < layers; i++) {
    app.use(async (_c, next) => {
      await next()
    })
  }
  app.get('/', (c) => c.text(BODY))
  return new Promise((resolve) => {
    const server = honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server as Server),
    )
  })
}

function koa(): Server {
  const app = new Koa()
  for (let i = 0; i < layers; i++) {
    app.use(async (_ctx, next) => {
      await next()
    })
  }
  app.use((ctx) => {
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = BODY
  })
  const callback = app.callback()
  return createServer((request, response) => void callback(request, response))
}

// Fastify has no onion: a pass-through layer is an async onRequest hook.
async function fastify(): Promise<Server> {
  const app = Fastify()
  for (let i = 0; i < layers; i++) app.addHook('onRequest', async () => {})
  app.get('/', async (_request, reply) => {
    void reply.type('text/plain; charset=utf-8')
    return BODY
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app.server
}

const builders: Record<string, () => Server | Promise<Server>> = {
  node: bare,
  nodeResponse: bareWithResponse(BODY),
  nodeNullResponse: bareWithResponse(null),
  shallot,
  shallotNullBody,
  shallotOnHonoServer,
  hono,
  koa,
  fastify,
}
const build = builders[kind]
if (build === undefined) throw new Error(`unknown server kind ${kind}`)
const server = await build()
if (!server.listening)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const address = server.address()
process.stdout.write(
  `port ${typeof address === 'object' && address ? address.port : 0}\n`,
)
// The parent closing our stdin (or dying) ends the server.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
