/**
 * The demo's node:http bridge on its own, with small handlers that exercise what the
 * demo's views do not: request bodies, several Set-Cookie headers, streamed bodies.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Handler } from '../../src/index.js'
import { nodeListener } from '../../docs/examples/demo/node-bridge.js'
import { stop } from '../../docs/examples/demo/server.js'

const handler: Handler = async (request) => {
  const url = new URL(request.url)
  if (url.pathname === '/echo') {
    return new Response(
      JSON.stringify({
        method: request.method,
        url: request.url,
        accept: request.headers.get('accept'),
        body: await request.text(),
      }),
      { headers: { 'content-type': 'application/json' } },
    )
  }
  if (url.pathname === '/cookies') {
    const headers = new Headers()
    headers.append('set-cookie', 'a=1; Path=/')
    headers.append('set-cookie', 'b=2; Path=/; HttpOnly')
    return new Response('two cookies', { headers })
  }
  if (url.pathname === '/stream') {
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const part of ['one ', 'two ', 'three']) {
          controller.enqueue(encoder.encode(part))
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
        controller.close()
      },
    })
    return new Response(body, { status: 201, statusText: 'Made It' })
  }
  return new Response(null, { status: 204 })
}

let server: Server
let base: string

beforeAll(async () => {
  server = createServer(nodeListener(handler))
  server.unref()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => stop(server, 1_000))

const go = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(5_000) })

test('a POST body reaches the handler as a stream; URL and headers carry over', async () => {
  const response = await go('/echo?x=1', {
    method: 'POST',
    headers: { accept: 'text/plain' },
    body: 'hello body',
  })
  expect(await response.json()).toEqual({
    method: 'POST',
    url: `${base}/echo?x=1`,
    accept: 'text/plain',
    body: 'hello body',
  })
})

test('each Set-Cookie is written as its own header', async () => {
  const response = await go('/cookies')
  expect(response.headers.getSetCookie()).toEqual([
    'a=1; Path=/',
    'b=2; Path=/; HttpOnly',
  ])
})

test('a streamed body arrives whole, with status and status text', async () => {
  const response = await go('/stream')
  expect(response.status).toBe(201)
  expect(response.statusText).toBe('Made It')
  expect(await response.text()).toBe('one two three')
})

test('HEAD gets the headers and no body', async () => {
  const response = await go('/cookies', { method: 'HEAD' })
  expect(response.status).toBe(200)
  expect(response.headers.getSetCookie()).toHaveLength(2)
  expect(await response.text()).toBe('')
})

test('a null-body status passes through', async () => {
  const response = await go('/nothing', { method: 'DELETE' })
  expect(response.status).toBe(204)
})
