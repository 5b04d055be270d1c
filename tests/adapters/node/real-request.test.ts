/**
 * The request behind `serve()` is a real `Request`: what a new user tries with one
 * (`new Request(request, init)` in a layer, `clone()`, `fetch(request)`, a streamed
 * upload, `instanceof`) behaves as when the handler is called in-process with a
 * `Request` made by hand, and nothing global is replaced to get there. Real servers
 * on 127.0.0.1, real clients; run on every supported Node.
 */
import { createServer } from 'node:http'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createHandler, type Handler, type Middleware } from 'shallot'
import { nodePlatform, realRequest, toNodeListener } from 'shallot/node'
import { hangUpAfter } from './sockets.js'
import { go, memoryLogger, raw, serverPerTest, until } from './support.js'

const start = serverPerTest()

/** What a view saw of its request, as JSON. */
async function describeRequest(request: Request): Promise<Record<string, unknown>> {
  return {
    instance: request instanceof Request,
    method: request.method,
    url: request.url,
    added: request.headers.get('x-added'),
    sent: request.headers.get('x-sent'),
    body: await request.text(),
  }
}

/**
 * Runs `handler` on `path` twice, in-process with a `Request` made by hand and through
 * `serve()` with fetch, and resolves with both answers (status and body).
 */
async function both(
  handler: Handler,
  path: string,
  init: RequestInit = {},
): Promise<[unknown, unknown]> {
  const url = new URL(path, await start(handler))
  const answer = async (response: Response) => [response.status, await response.text()]
  const inProcess = await answer(await handler(new Request(url, init)))
  const served = await answer(await go(url, init))
  return [inProcess, served]
}

const POST = { method: 'POST', body: 'payload', headers: { 'x-sent': 'yes' } }

describe('in a layer', () => {
  test('getResponse(new Request(request, { headers })): as in-process, 200', async () => {
    const addHeader: Middleware = (getResponse) => (request) => {
      const headers = new Headers(request.headers)
      headers.set('x-added', '1')
      return getResponse(new Request(request, { headers }))
    }
    const handler = createHandler({
      middleware: [addHeader],
      view: async (request) => Response.json(await describeRequest(request)),
    })
    for (const init of [{}, POST]) {
      const [inProcess, served] = await both(handler, '/a?b=1', init)
      expect(served).toEqual(inProcess)
      expect(served).toEqual([200, expect.stringContaining('"added":"1"')])
    }
  })

  test('new Request(request) and new Request(request, { method }): as in-process', async () => {
    const handler = createHandler({
      middleware: [],
      view: async (request) => {
        const copy = new Request(request)
        const put = new Request(copy, { method: 'PUT' })
        return Response.json({
          used: request.bodyUsed,
          put: await describeRequest(put),
        })
      },
    })
    const [inProcess, served] = await both(handler, '/copy', POST)
    expect(served).toEqual(inProcess)
    expect(served).toEqual([200, expect.stringContaining('"method":"PUT"')])
    expect(served).toEqual([200, expect.stringContaining('"body":"payload"')])
  })

  test('request.clone(): clone.text() then request.text(), as in-process', async () => {
    const handler: Handler = async (request) => {
      const clone = request.clone()
      const fromClone = await clone.text()
      const fromRequest = await request.text()
      return Response.json({
        fromClone,
        fromRequest,
        used: [clone.bodyUsed, request.bodyUsed],
        instance: clone instanceof Request,
      })
    }
    const [inProcess, served] = await both(handler, '/', POST)
    expect(served).toEqual(inProcess)
    expect(JSON.parse((served as [number, string])[1])).toEqual({
      fromClone: 'payload',
      fromRequest: 'payload',
      used: [true, true],
      instance: true,
    })
  })
})

describe('fetch(request)', () => {
  test('to a local echo server: method, path, headers and body arrive', async () => {
    const echo = await start(async (request) =>
      Response.json({
        ...(await describeRequest(request)),
        url: new URL(request.url).pathname,
      }),
    )
    // The proxy's request URLs name the echo server, so `fetch(request)` goes there.
    const view: Handler = (request) => fetch(request)
    const proxy = await start(view, { origin: new URL(echo).origin })
    const path = '/to/echo?q=1'
    const served = await go(new URL(path, proxy), POST)
    const inProcess = await view(new Request(new URL(path, echo), POST))
    expect(await served.json()).toEqual(await inProcess.json())
    const again = await go(new URL(path, proxy), POST)
    expect(await again.json()).toEqual({
      instance: true,
      method: 'POST',
      url: '/to/echo',
      added: null,
      sent: 'yes',
      body: 'payload',
    })
  })
})

describe('a streamed upload', () => {
  test('the view reads each chunk as it arrives, as in-process', async () => {
    let firstRead: () => void = () => {}
    const view: Handler = async (request) => {
      const reader = request.body!.getReader()
      const decoder = new TextDecoder()
      let text = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
        // The client sends its second chunk only after the view read the first.
        if (text.startsWith('first')) firstRead()
      }
      return new Response(text)
    }
    const upload = () => {
      const seen = new Promise<void>((resolve) => (firstRead = resolve))
      const encoder = new TextEncoder()
      let step = 0
      return {
        method: 'POST',
        duplex: 'half',
        body: new ReadableStream<Uint8Array>({
          async pull(controller) {
            step += 1
            if (step === 1) controller.enqueue(encoder.encode('first '))
            else if (step === 2) {
              await seen
              controller.enqueue(encoder.encode('second'))
            } else controller.close()
          },
        }),
      } as RequestInit
    }
    const url = await start(view)
    const inProcess = await (await view(new Request(url, upload()))).text()
    const served = await (await go(url, upload())).text()
    expect(served).toBe(inProcess)
    expect(served).toBe('first second')
  })
})

describe('what it is', () => {
  test('instanceof Request, made by a subclass of the global Request', async () => {
    let seen: unknown[] = []
    const url = await start(async (request) => {
      seen = [
        request instanceof Request,
        Object.getPrototypeOf(request.constructor) === Request,
        Object.prototype.toString.call(request),
        realRequest(request) === request,
        nodePlatform(request)?.runtime,
      ]
      return new Response('ok')
    })
    await go(url)
    expect(seen).toEqual([true, true, '[object Request]', true, 'node'])
  })

  test('importing and serving replaces no global', async () => {
    const names = [
      'Request',
      'Response',
      'Headers',
      'fetch',
      'AbortController',
    ] as const
    const globals = () =>
      names.map((name) => Object.getOwnPropertyDescriptor(globalThis, name))
    const before = globals()
    vi.resetModules()
    const fresh = await import('shallot/node')
    const url = await start(async (request) => new Response(request.method))
    expect(await (await go(url)).text()).toBe('GET')
    expect(typeof fresh.serve).toBe('function')
    expect(globals()).toEqual(before)
  })
})

describe('the signal', () => {
  test('a clone follows the client’s disconnect; a copy does when given it', async () => {
    let state: boolean[] = []
    const url = await start(async (request) => {
      const clone = request.clone()
      const copy = new Request(request, { signal: request.signal })
      const { req } = nodePlatform(request)!
      await new Promise((resolve) => req.socket.once('close', resolve))
      await until(() => request.signal.aborted)
      state = [request.signal.aborted, clone.signal.aborted, copy.signal.aborted]
      return new Response('unreachable')
    })
    await hangUpAfter(url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => state.length > 0)
    expect(state).toEqual([true, true, true])
  })
})

describe('requests no Request can carry', () => {
  test('TRACE: 501, and the stack never runs', async () => {
    const logger = memoryLogger()
    let ran = false
    const url = await start(
      async () => {
        ran = true
        return new Response('ran')
      },
      { logger },
    )
    const answer = await raw(url, 'TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 501 Not Implemented\r\n/)
    expect(answer).toContain('connection: close')
    expect(ran).toBe(false)
    expect(logger.lines[0]).toMatch(/^warn Not Implemented: .*TRACE.*\(TRACE http:/)
  })

  describe('with insecureHTTPParser', () => {
    const servers: ReturnType<typeof createServer>[] = []
    afterEach(() => {
      for (const server of servers.splice(0)) {
        server.closeAllConnections()
        server.close()
      }
    })

    test('a header value Headers refuses (a NUL): 400, logged, the stack never runs', async () => {
      const logger = memoryLogger()
      let ran = false
      const listener = toNodeListener(
        async () => {
          ran = true
          return new Response('ran')
        },
        { logger },
      )
      const server = createServer({ insecureHTTPParser: true }, listener)
      servers.push(server)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as { port: number }
      const answer = await raw(
        `http://127.0.0.1:${port}/`,
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\x00b\r\n\r\n',
      )
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(ran).toBe(false)
      expect(logger.lines[0]).toMatch(/^warn Bad Request: .*invalid header value/)
    })
  })
})

describe('a body first read after the client left', () => {
  test('text() fails, saying the client disconnected', async () => {
    let failure = ''
    const url = await start(async (request) => {
      const { req } = nodePlatform(request)!
      await new Promise((resolve) => req.socket.once('close', resolve))
      failure = await request.text().then(
        () => 'read',
        (error: Error) => error.message,
      )
      return new Response('unreachable')
    })
    await hangUpAfter(
      url,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\npartial',
    )
    await until(() => failure !== '')
    expect(failure).toBe('the client disconnected before the request body was complete')
  })
})
