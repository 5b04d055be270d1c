/**
 * One server of the HTTP bench, in its own process. `http/index.ts` bundles this file
 * (shallot's sources compiled in, the peers left as packages) and runs the bundle as
 * `node server.mjs <kind> <layers>` on each Node measured: it listens on
 * 127.0.0.1:0, prints `port <n>`, and exits when its parent closes stdin. Every kind
 * answers `GET /` with the same 13-byte text body.
 *
 * @module
 */
import { createServer, type Server } from 'node:http'
import { serve as honoServe } from '@hono/node-server'
import Fastify from 'fastify'
import { H3, serve as h3Serve } from 'h3'
import { Hono } from 'hono'
import Koa from 'koa'
import { FastResponse, serve as srvxServe, type ServerMiddleware } from 'srvx'
import { toNodeListener } from '../../adapters/node/index.js'
import { createHandler, text, type Middleware } from '../../src/index.js'

const BODY = 'hello, world\n'
const TEXT = { 'content-type': 'text/plain; charset=utf-8' }
const HOST = '127.0.0.1'
const [kind = 'node', layersArg = '10'] = process.argv.slice(2)
const layers = Number(layersArg)
const times = <T>(make: () => T): T[] => Array.from({ length: layers }, make)

/** Listens on an ephemeral port of 127.0.0.1 and gives the port. */
async function listen(server: Server): Promise<number> {
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  }
  const address = server.address()
  return typeof address === 'object' && address ? address.port : 0
}

const portOf = (url: string | undefined): number => Number(new URL(url!).port)

function bare(): Promise<number> {
  return listen(
    createServer((_req, res) => {
      res.writeHead(200, { ...TEXT, 'content-length': '13' })
      res.end(BODY)
    }),
  )
}

// Bare node:http again, building the Web Response a Fetch-style handler returns and
// then ignoring it: what a bridge that builds a real Response from a string can reach.
function bareWithResponse(): Promise<number> {
  return listen(
    createServer((_req, res) => {
      const response = new Response(BODY, { headers: TEXT })
      res.writeHead(response.status, { ...TEXT, 'content-length': '13' })
      res.end(BODY)
    }),
  )
}

/** shallot/node with `layers` pass-through layers around `view`. */
function shallot(view: () => Response): () => Promise<number> {
  return () => {
    const pass: Middleware = (getResponse) => async (request) => {
      const response = await getResponse(request)
      return response
    }
    const handler = createHandler({ middleware: times(() => pass), view })
    return listen(createServer(toNodeListener(handler)))
  }
}

// srvx with its opt-in FastResponse (no global replaced) and its own middleware list.
async function srvx(): Promise<number> {
  const pass: ServerMiddleware = async (_request, next) => {
    const response = await next()
    return response
  }
  const server = srvxServe({
    port: 0,
    hostname: HOST,
    silent: true,
    middleware: times(() => pass),
    fetch: () => new FastResponse(BODY, { headers: TEXT }),
  })
  await server.ready()
  return portOf(server.url)
}

// h3 v2 (served by srvx), its middleware with `app.use`, a string answered by a route.
async function h3(): Promise<number> {
  const app = new H3()
  for (let i = 0; i < layers; i++) {
    app.use(async (_event, next) => {
      const response = await next()
      return response
    })
  }
  app.get('/', () => BODY)
  const server = h3Serve(app, { port: 0, hostname: HOST, silent: true })
  await server.ready()
  return portOf(server.url)
}

// @hono/node-server replaces the global Response in this process (its defaults).
function hono(): Promise<number> {
  const app = new Hono()
  for (let i = 0; i < layers; i++) {
    app.use(async (_c, next) => {
      await next()
    })
  }
  app.get('/', (c) => c.text(BODY))
  return new Promise((resolve) => {
    honoServe({ fetch: app.fetch, port: 0, hostname: HOST }, (info) =>
      resolve(info.port),
    )
  })
}

function koa(): Promise<number> {
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
  return listen(createServer((request, response) => void callback(request, response)))
}

// Fastify has no onion: a pass-through layer is an async onRequest hook.
async function fastify(): Promise<number> {
  const app = Fastify()
  for (let i = 0; i < layers; i++) app.addHook('onRequest', async () => {})
  app.get('/', async (_request, reply) => {
    void reply.type('text/plain; charset=utf-8')
    return BODY
  })
  await app.listen({ port: 0, host: HOST })
  return listen(app.server)
}

/** Ids as in `HTTP_SERVERS` (index.ts). */
const builders: Record<string, () => Promise<number>> = {
  node: bare,
  nodeResponse: bareWithResponse,
  shallotText: shallot(() => text(BODY)),
  shallotResponse: shallot(() => new Response(BODY, { headers: TEXT })),
  srvx,
  h3,
  hono,
  koa,
  fastify,
}
const build = builders[kind]
if (build === undefined) throw new Error(`unknown server kind ${kind}`)
process.stdout.write(`port ${await build()}\n`)
// The parent closing our stdin (or dying) ends the server.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
