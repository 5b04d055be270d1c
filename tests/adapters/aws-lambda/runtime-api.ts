/**
 * A loopback stand-in for the Lambda service, for running a function under the real
 * Node.js runtime interface client: the Runtime API the client polls
 * (`/2018-06-01/runtime/...`), and an HTTP front that turns each request it receives
 * into an HTTP API (payload 2.0) event, the way API Gateway does, and the function's
 * result back into an HTTP response. Buffered results and streamed ones (the HTTP
 * prelude, eight NUL bytes, then the body) are both understood. Listens on 127.0.0.1
 * only.
 */
import { randomUUID } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** How one invocation ended. */
export type Outcome =
  | { readonly kind: 'result'; readonly result: unknown }
  | {
      readonly kind: 'stream'
      readonly contentType: string
      readonly body: IncomingMessage
    }
  | { readonly kind: 'error'; readonly error: string }

interface Invocation {
  readonly id: string
  readonly event: unknown
  settle(outcome: Outcome): void
}

export interface RuntimeApi {
  /** `127.0.0.1:<port>`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string
  /** Resolves once the runtime client asked for its first invocation. */
  readonly ready: Promise<void>
  /** An init error the client reported, if any. */
  initError(): string | undefined
  /** Queues `event` and resolves with how the function answered it. */
  invoke(event: unknown): Promise<Outcome>
  close(): Promise<void>
}

const PREFIX = '/2018-06-01/runtime'

const readAll = async (message: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    ),
  )

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** Starts the Runtime API on 127.0.0.1, on a free port. */
export async function startRuntimeApi(): Promise<RuntimeApi> {
  const queue: Invocation[] = []
  const waiting: ServerResponse[] = []
  const running = new Map<string, Invocation>()
  let initError: string | undefined
  let markReady!: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))

  const deliver = () => {
    while (queue.length > 0 && waiting.length > 0) {
      const invocation = queue.shift()!
      const response = waiting.shift()!
      running.set(invocation.id, invocation)
      response.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': invocation.id,
        'lambda-runtime-deadline-ms': String(Date.now() + 30_000),
        'lambda-runtime-invoked-function-arn':
          'arn:aws:lambda:us-east-1:123456789012:function:shallot-test',
        'lambda-runtime-trace-id': `Root=1-${Date.now().toString(16)}-${invocation.id.replaceAll('-', '').slice(0, 24)}`,
      })
      response.end(JSON.stringify(invocation.event))
    }
  }

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? ''
    const accepted = () => {
      response.writeHead(202, { 'content-type': 'application/json' })
      response.end('{"status":"OK"}')
    }
    if (request.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      markReady()
      waiting.push(response)
      response.on('close', () => {
        const at = waiting.indexOf(response)
        if (at >= 0) waiting.splice(at, 1)
      })
      deliver()
      return
    }
    if (request.method === 'POST' && path === `${PREFIX}/init/error`) {
      initError = (await readAll(request)).toString()
      markReady()
      accepted()
      return
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(
      path,
    )
    const invocation = match && running.get(decodeURIComponent(match[1]!))
    if (request.method !== 'POST' || !invocation) {
      response.writeHead(404).end()
      return
    }
    running.delete(invocation.id)
    if (match[2] === 'error') {
      invocation.settle({ kind: 'error', error: (await readAll(request)).toString() })
      accepted()
    } else if (
      request.headers['lambda-runtime-function-response-mode'] === 'streaming'
    ) {
      invocation.settle({
        kind: 'stream',
        contentType: request.headers['content-type'] ?? '',
        body: request,
      })
      request.on('end', accepted)
    } else {
      const text = (await readAll(request)).toString()
      invocation.settle({ kind: 'result', result: JSON.parse(text) as unknown })
      accepted()
    }
  }
  const server = createServer((request, response) => void serve(request, response))
  const port = await listen(server)

  return {
    address: `127.0.0.1:${port}`,
    ready,
    initError: () => initError,
    invoke(event) {
      return new Promise((settle) => {
        queue.push({ id: randomUUID(), event, settle })
        deliver()
      })
    },
    close: () => closeServer(server),
  }
}

const TEXT = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded))/

/** The HTTP API (payload 2.0) event API Gateway would send for this request. */
function httpApiEvent(request: IncomingMessage, body: Buffer, port: number): unknown {
  const url = new URL(request.url ?? '/', 'http://front')
  const headers: Record<string, string> = {}
  const raw = request.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    // HTTP API joins repeated headers with commas and moves Cookie into `cookies`.
    if (name === 'cookie') continue
    headers[name] = name in headers ? `${headers[name]},${raw[i + 1]}` : raw[i + 1]!
  }
  const cookies = (request.headers.cookie ?? '')
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '')
  let rawPath = url.pathname
  try {
    rawPath = decodeURIComponent(rawPath) // HTTP API decodes rawPath
  } catch {
    // left as it came
  }
  const text = TEXT.test(headers['content-type'] ?? '')
  const now = new Date()
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: {
      ...headers,
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(port),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'loopback',
      domainName: headers['host'] ?? `127.0.0.1:${port}`,
      domainPrefix: 'loopback',
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: text ? body.toString() : body.toString('base64') }
      : {}),
    isBase64Encoded: body.length > 0 && !text,
  }
}

interface Prelude {
  readonly statusCode?: number
  readonly headers?: Record<string, string>
  readonly cookies?: readonly string[]
}

function writeHead(response: ServerResponse, prelude: Prelude): void {
  const headers: [string, string][] = Object.entries(prelude.headers ?? {})
  for (const cookie of prelude.cookies ?? []) headers.push(['set-cookie', cookie])
  response.writeHead(prelude.statusCode ?? 200, headers.flat())
}

/** Answers from a streamed result: the prelude up to eight NUL bytes, then the body. */
async function relayStream(response: ServerResponse, body: IncomingMessage) {
  let head = Buffer.alloc(0)
  let started = false
  for await (const chunk of body) {
    if (started) {
      if (!response.write(chunk)) await new Promise((r) => response.once('drain', r))
      continue
    }
    head = Buffer.concat([head, chunk as Buffer])
    const end = head.indexOf(Buffer.alloc(8))
    if (end < 0) continue
    writeHead(response, JSON.parse(head.subarray(0, end).toString()) as Prelude)
    response.flushHeaders()
    started = true
    const rest = head.subarray(end + 8)
    if (rest.length > 0) response.write(rest)
  }
  if (!started) response.writeHead(502)
  response.end()
}

export interface Front {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  close(): Promise<void>
}

/** The HTTP front: each request becomes an invocation of `api`'s function. */
export async function startFront(api: RuntimeApi): Promise<Front> {
  let port = 0
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readAll(request)
    const outcome = await api.invoke(httpApiEvent(request, body, port))
    if (outcome.kind === 'error') {
      response.writeHead(502, { 'content-type': 'text/plain' }).end(outcome.error)
    } else if (outcome.kind === 'stream') {
      await relayStream(response, outcome.body)
    } else {
      const result = outcome.result as Prelude & {
        body?: string
        isBase64Encoded?: boolean
      }
      writeHead(response, result)
      response.end(
        Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8'),
      )
    }
  }
  const server = createServer((request, response) => void serve(request, response))
  port = await listen(server)
  return { origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) }
}
