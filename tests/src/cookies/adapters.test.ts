/**
 * Several `Set-Cookie` headers, from a view and a layer, survive every adapter each
 * whole and in order: a real Node server on 127.0.0.1 (`toNodeListener`), Lambda v1
 * (`multiValueHeaders`) and v2 (the `cookies` array), and `toFetchHandler`. Sent back,
 * they read as written, the signed one included.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHandler, type Middleware } from 'shallot'
import {
  toLambdaHandler,
  type ApiGatewayV1Result,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
} from 'shallot/aws-lambda'
import {
  deleteCookie,
  getCookies,
  getSignedCookie,
  setCookie,
  setSignedCookie,
} from 'shallot/cookies'
import { toFetchHandler } from 'shallot/fetch'
import { toNodeListener } from 'shallot/node'
import { describe, expect, it } from 'vitest'
import { fixture } from '../../adapters/aws-lambda/fixture-events.js'

const SECRETS = ['new', 'old']
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

const EXPECTED = [
  'theme=dark; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax',
  'lang=fr; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly; SameSite=Lax',
  expect.stringMatching(
    /^cart=42\.[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
  ),
  'old=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
]

/** Adds a signed cookie and deletes one on the way out, after the view's two. */
const cart: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request)
  const signed = await setSignedCookie(response, 'cart', '42', SECRETS, {
    secure: true,
    sameSite: 'Strict',
  })
  return deleteCookie(signed, 'old')
}

/** The view sets two cookies, and answers with the cookies it was sent. */
const handler = createHandler({
  middleware: [cart],
  view: async (request) => {
    const sent = {
      ...getCookies(request),
      cart: await getSignedCookie(request, 'cart', SECRETS),
    }
    let response = Response.json(sent)
    response = setCookie(response, 'theme', 'dark', { maxAge: 3600 })
    return setCookie(response, 'lang', 'fr', {
      expires: new Date('2037-10-21T07:28:00Z'),
    })
  },
  logger: quiet,
})

/** The Cookie header a browser sends back for these Set-Cookie lines. */
const cookieHeader = (lines: readonly string[]) =>
  lines
    .map((line) => line.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ')

describe('several Set-Cookie headers through each adapter', () => {
  it('toNodeListener: a real server on 127.0.0.1, read with getSetCookie()', async () => {
    const server = createServer(toNodeListener(handler, { logger: quiet }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const url = `http://127.0.0.1:${port}/`
      const first = await fetch(url, { signal: AbortSignal.timeout(5_000) })
      const lines = first.headers.getSetCookie()
      expect(lines).toEqual(EXPECTED)
      await first.body?.cancel()
      const second = await fetch(url, {
        headers: { cookie: cookieHeader(lines) },
        signal: AbortSignal.timeout(5_000),
      })
      expect(await second.json()).toEqual({ theme: 'dark', lang: 'fr', cart: '42' })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('toLambdaHandler v1: each cookie whole in multiValueHeaders', async () => {
    const lambda = toLambdaHandler(handler, { logger: quiet })
    const result = (await lambda(fixture('apigw-request.json'))) as ApiGatewayV1Result
    expect(result.multiValueHeaders?.['set-cookie']).toEqual(EXPECTED)
    expect(result.headers).not.toHaveProperty('set-cookie')
  })

  it('toLambdaHandler v2: the cookies array, and back in the next event', async () => {
    const lambda = toLambdaHandler(handler, { logger: quiet })
    const event = fixture<ApiGatewayV2Event>('sam/HttpApi.json')
    const result = (await lambda(event)) as ApiGatewayV2Result
    expect(result.cookies).toEqual(EXPECTED)
    expect(result.headers).not.toHaveProperty('set-cookie')
    const again = (await lambda({
      ...event,
      cookies: result
        .cookies!.filter((line) => !line.startsWith('old='))
        .map((line) => line.split(';')[0]!),
    })) as ApiGatewayV2Result
    expect(JSON.parse(again.body)).toEqual({ theme: 'dark', lang: 'fr', cart: '42' })
  })

  it('toFetchHandler: getSetCookie() on the response', async () => {
    const app = toFetchHandler(handler, { logger: quiet })
    const response = await app.fetch(new Request('https://example.com/'))
    const lines = response.headers.getSetCookie()
    expect(lines).toEqual(EXPECTED)
    const again = await app.fetch(
      new Request('https://example.com/', { headers: { cookie: cookieHeader(lines) } }),
    )
    expect(await again.json()).toEqual({ theme: 'dark', lang: 'fr', cart: '42' })
  })
})
