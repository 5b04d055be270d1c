/**
 * The users API of docs/examples/users-api/ (issue 17's acceptance example): every
 * endpoint's success and error answers, called in process, over a real Node server on
 * 127.0.0.1 (in process, and server.ts as its own process), and as a Lambda function
 * with API Gateway HTTP API (payload 2.0) events built from a real fixture.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ApiGatewayV2Event, ApiGatewayV2Result } from 'shallot/aws-lambda'
import { describe, expect, test, vi } from 'vitest'
import { createApp } from '../../../docs/examples/users-api/app.js'
import { userStore } from '../../../docs/examples/users-api/users.js'
import { fixture } from '../../adapters/aws-lambda/fixture-events.js'
import { go, memoryLogger, quiet, serverPerTest } from '../../adapters/node/support.js'

const TOKEN = 's3cret-token'
const ORIGIN = 'https://app.example.com'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const JSON_ACCEPT = { accept: 'application/json' }
const root = fileURLToPath(new URL('../../../', import.meta.url))

/** A fresh app (and store) per test, logging nowhere. */
const newApp = () => createApp({ token: TOKEN, origins: [ORIGIN], logger: quiet })

interface Call {
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
}
/** How a test reaches the API: in process, over HTTP, or through Lambda. */
type Send = (path: string, call?: Call) => Promise<Response>

const postUser = (send: Send, user: unknown, headers: Record<string, string> = {}) =>
  send('/users', {
    method: 'POST',
    headers: { ...JSON_ACCEPT, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(user),
  })

const problem = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  return (await response.json()) as Record<string, unknown>
}

/**
 * The endpoints' behaviour, the same whatever carries the request: each runtime runs
 * this list against a fresh app.
 */
function endpointTests(label: string, connect: () => Promise<Send>): void {
  describe(label, () => {
    test('GET /health answers 200 JSON with a request id', async () => {
      const send = await connect()
      const response = await send('/health')
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(response.headers.get('x-request-id')).toMatch(UUID)
      expect(await response.json()).toEqual({ status: 'ok' })
    })

    test('POST /users creates a user: 201, the user, and its Location (reverse)', async () => {
      const send = await connect()
      const response = await postUser(send, { name: ' Ada ', email: 'Ada@Example.com' })
      expect(response.status).toBe(201)
      expect(response.headers.get('location')).toBe('/users/1')
      expect(await response.json()).toEqual({
        id: 1,
        name: 'Ada',
        email: 'ada@example.com',
      })
      const read = await send('/users/1', { headers: JSON_ACCEPT })
      expect(read.status).toBe(200)
      expect(await read.json()).toEqual({
        id: 1,
        name: 'Ada',
        email: 'ada@example.com',
      })
    })

    test('POST /users with an invalid body: 400 problem+json with field errors', async () => {
      const send = await connect()
      const response = await postUser(send, { name: '', email: 'not-an-email' })
      expect(response.status).toBe(400)
      const body = await problem(response)
      expect(body).toMatchObject({ title: 'Bad Request', status: 400 })
      const errors = body.errors as { path: string[]; message: string }[]
      expect(errors.map((error) => error.path.join('.'))).toEqual([
        'json.name',
        'json.email',
      ])
      expect(errors.every((error) => error.message.length > 0)).toBe(true)
    })

    test('POST /users with a body that is not JSON: 400, or 415 without the JSON type', async () => {
      const send = await connect()
      const broken = await send('/users', {
        method: 'POST',
        headers: { ...JSON_ACCEPT, 'content-type': 'application/json' },
        body: '{"name":',
      })
      expect(broken.status).toBe(400)
      expect((await problem(broken)).detail).toBe('The request body is not valid JSON.')
      const form = await send('/users', {
        method: 'POST',
        headers: {
          ...JSON_ACCEPT,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'name=Ada&email=ada@example.com',
      })
      expect(form.status).toBe(415)
      await problem(form)
    })

    test('a second user with the same email (any case): 409 from EmailTaken', async () => {
      const send = await connect()
      expect(
        (await postUser(send, { name: 'Ada', email: 'ada@example.com' })).status,
      ).toBe(201)
      const response = await postUser(send, { name: 'Eve', email: 'ADA@example.com' })
      expect(response.status).toBe(409)
      expect(await problem(response)).toEqual({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A user with this email already exists.',
      })
    })

    test('GET /users/:id for no user: 404 problem+json with the detail, not the message', async () => {
      const send = await connect()
      const response = await send('/users/9', { headers: JSON_ACCEPT })
      expect(response.status).toBe(404)
      expect(await problem(response)).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'There is no user 9.',
      })
    })

    test('a path no route matches, or an id that is not an int (U4): 404 problem+json', async () => {
      const send = await connect()
      for (const path of ['/nope', '/users/abc', '/users/1/']) {
        const response = await send(path, { headers: JSON_ACCEPT })
        expect(response.status, path).toBe(404)
        expect(await problem(response)).toEqual({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
        })
      }
    })

    test('a client that does not ask for JSON gets the text page', async () => {
      const send = await connect()
      const response = await send('/users/9')
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await response.text()).toBe('404 Not Found\n\nThere is no user 9.\n')
    })

    test('a method no route of the path takes: 405 with Allow', async () => {
      const send = await connect()
      const put = await send('/users/1', { method: 'PUT', headers: JSON_ACCEPT })
      expect(put.status).toBe(405)
      expect(put.headers.get('allow')).toBe('GET, HEAD, DELETE')
      expect(await problem(put)).toMatchObject({ status: 405 })
      const getList = await send('/users', { headers: JSON_ACCEPT })
      expect(getList.status).toBe(405)
      expect(getList.headers.get('allow')).toBe('POST')
      await getList.text()
    })

    test('DELETE /users/:id without the right bearer token: 401, and the user stays', async () => {
      const send = await connect()
      expect(
        (await postUser(send, { name: 'Ada', email: 'ada@example.com' })).status,
      ).toBe(201)
      for (const authorization of [
        undefined,
        'Bearer wrong',
        `Basic ${TOKEN}`,
        TOKEN,
      ]) {
        const headers = { ...JSON_ACCEPT, ...(authorization ? { authorization } : {}) }
        const response = await send('/users/1', { method: 'DELETE', headers })
        expect(response.status, authorization).toBe(401)
        expect(await problem(response)).toMatchObject({
          status: 401,
          detail: 'Send Authorization: Bearer <token>.',
        })
      }
      expect((await send('/users/1', { headers: JSON_ACCEPT })).status).toBe(200)
    })

    test('DELETE /users/:id with the token: 204, then the user is gone (404)', async () => {
      const send = await connect()
      expect(
        (await postUser(send, { name: 'Ada', email: 'ada@example.com' })).status,
      ).toBe(201)
      const auth = { ...JSON_ACCEPT, authorization: `bearer ${TOKEN}` }
      const response = await send('/users/1', { method: 'DELETE', headers: auth })
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
      expect((await send('/users/1', { headers: JSON_ACCEPT })).status).toBe(404)
      const again = await send('/users/1', { method: 'DELETE', headers: auth })
      expect(again.status).toBe(404)
      expect((await problem(again)).detail).toBe('There is no user 1.')
    })

    test('a CORS preflight from an allowed origin: 204 that allows the token header', async () => {
      const send = await connect()
      const response = await send('/users/1', {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': 'authorization',
        },
      })
      expect(response.status).toBe(204)
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      expect(response.headers.get('access-control-allow-methods')).toContain('DELETE')
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization')
      expect(response.headers.get('access-control-max-age')).toBe('600')
    })

    test('CORS on answers, errors included; none for another origin', async () => {
      const send = await connect()
      const allowed = await send('/users/9', {
        headers: { ...JSON_ACCEPT, origin: ORIGIN },
      })
      expect(allowed.status).toBe(404)
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      expect(allowed.headers.get('access-control-expose-headers')).toBe(
        'location, x-request-id',
      )
      await allowed.text()
      const other = await send('/health', {
        headers: { origin: 'https://evil.example' },
      })
      expect(other.status).toBe(200)
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
      await other.text()
    })

    test('an id the client sends is echoed on success and error answers', async () => {
      const send = await connect()
      for (const path of ['/health', '/users/9']) {
        const response = await send(path, { headers: { 'x-request-id': 'lb-42' } })
        expect(response.headers.get('x-request-id'), path).toBe('lb-42')
        await response.text()
      }
    })
  })
}

const inProcess = async (): Promise<Send> => {
  const app = newApp()
  return (path, call = {}) => app(new Request(`http://localhost${path}`, call))
}

const serveApp = serverPerTest()
const overHttp = async (): Promise<Send> => {
  const base = await serveApp(newApp())
  return (path, call = {}) => go(new URL(path, base), call)
}

/** The API through `toLambdaHandler`, as lambda.ts exports it, with a fresh module. */
const throughLambda = async (): Promise<Send> => {
  vi.resetModules()
  vi.stubEnv('API_TOKEN', TOKEN)
  vi.stubEnv('CORS_ORIGINS', ORIGIN)
  const { handler } = await import('../../../docs/examples/users-api/lambda.js')
  vi.unstubAllEnvs()
  const base = fixture<ApiGatewayV2Event>('apigw-v2-request-no-authorizer.json')
  return async (path, call = {}) => {
    const method = call.method ?? 'GET'
    const event: ApiGatewayV2Event = {
      ...base,
      rawPath: path,
      headers: { ...base.headers, ...call.headers },
      requestContext: {
        ...base.requestContext,
        http: { ...base.requestContext.http, method, path },
      },
      ...(call.body === undefined ? {} : { body: call.body, isBase64Encoded: false }),
    }
    // lambda.ts logs to the console, as a deployed function does; keep the test quiet.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let result: ApiGatewayV2Result
    try {
      result = await handler(event, {})
    } finally {
      warn.mockRestore()
    }
    const body = result.isBase64Encoded ? atob(result.body) : result.body
    const empty = result.statusCode === 204 || body === ''
    return new Response(empty ? null : body, {
      status: result.statusCode,
      headers: result.headers ?? {},
    })
  }
}

endpointTests('in process', inProcess)
endpointTests('served on Node (127.0.0.1)', overHttp)
endpointTests('as a Lambda function (API Gateway HTTP API events)', throughLambda)

describe('the app and its pieces', () => {
  test('createApp refuses a missing token, so a deploy without API_TOKEN fails at start', () => {
    expect(() => createApp({ token: '' })).toThrow(
      'createApp() needs a token: a non-empty string.',
    )
    expect(() => createApp({} as { token: string })).toThrow(/needs a token/)
  })

  test('without origins, any origin may call it: no cookies, the token is explicit', async () => {
    const app = createApp({ token: TOKEN, logger: quiet })
    const response = await app(
      new Request('http://localhost/health', { headers: { origin: ORIGIN } }),
    )
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  test('the 409 is logged at warn level; its message stays out of the body', async () => {
    const logger = memoryLogger()
    const app = createApp({ token: TOKEN, logger })
    const send = (path: string, call: Call = {}) =>
      app(new Request(`http://localhost${path}`, call))
    await postUser(send, { name: 'Ada', email: 'ada@example.com' })
    const conflict = await postUser(send, { name: 'Ada', email: 'ada@example.com' })
    expect(conflict.status).toBe(409)
    expect(await conflict.text()).not.toContain('is taken')
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warn Conflict: POST \/users/),
    ])
  })

  test('the app is shorter than the Hono version (144 lines), as its README says', () => {
    const lines = (name: string) =>
      readFileSync(`${root}docs/examples/users-api/${name}`, 'utf8').split('\n')
        .length - 1
    const total = lines('app.ts') + lines('users.ts')
    expect(total).toBeLessThan(144)
    const readme = readFileSync(`${root}docs/examples/users-api/README.md`, 'utf8')
    expect(readme).toContain(`**${total} lines**`)
  })

  test('two apps have two stores', async () => {
    const first = userStore()
    const second = userStore()
    first.add({ name: 'Ada', email: 'ada@example.com' })
    expect(second.add({ name: 'Ada', email: 'ada@example.com' }).id).toBe(1)
  })
})

describe('server.ts, run as a program', () => {
  test('listens on 127.0.0.1, answers, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'docs/examples/users-api/server.ts'],
      {
        cwd: root,
        env: { ...process.env, PORT: '0', API_TOKEN: TOKEN },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    try {
      let output = ''
      let errors = ''
      child.stdout.setEncoding('utf8')
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => (errors += chunk))
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk
          const found = /users API on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)
          if (found) resolve(found[1]!)
        })
        child.once('exit', (code) =>
          reject(new Error(`server.ts exited (${code}): ${errors}`)),
        )
      })
      const health = await go(new URL('health', url))
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok' })
      const deleted = await go(new URL('users/1', url), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}`, ...JSON_ACCEPT },
      })
      expect(deleted.status).toBe(404) // authorized, and there is no user 1
      await deleted.text()
      child.kill('SIGTERM')
      const [code] = (await once(child, 'exit')) as [number | null]
      expect(code).toBe(0)
    } finally {
      clearTimeout(killer)
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 20_000)
})
