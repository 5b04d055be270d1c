/**
 * A session round trip through API Gateway v1 and v2 events: the login's two
 * `Set-Cookie` lines come back in each integration's own field, and the session cookie
 * sent with the next event opens the same session.
 */
import {
  toLambdaHandler,
  type ApiGatewayV1Event,
  type ApiGatewayV1Result,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
} from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { createHandler, text } from '../../../src/index.js'
import { setCookie } from '../../../src/cookies/index.js'
import { cookieSessionStore, session } from '../../../src/middleware/index.js'
import { fixture } from './fixture-events.js'

const app = toLambdaHandler(
  createHandler({
    middleware: [session({ store: cookieSessionStore(), secrets: ['lambda-secret'] })],
    view: async (request) => {
      if (request.headers.get('x-action') !== 'login') {
        return text((await request.session.get<string>('user')) ?? 'guest')
      }
      await request.session.cycleKey()
      await request.session.set('user', 'ada')
      return setCookie(text('logged in'), 'theme', 'dark')
    },
  }),
)

/** `name=value` of the line that sets `name`. */
const pair = (lines: readonly string[], name: string) =>
  lines.find((line) => line.startsWith(`${name}=`))!.split(';')[0]!

describe('a session through API Gateway', () => {
  it('v2: Set-Cookie lines in `cookies`; the session cookie in `cookies` opens it', async () => {
    const base = fixture<ApiGatewayV2Event>('apigw-v2-request-no-authorizer.json')
    const login = (await app({
      ...base,
      cookies: [],
      headers: { ...base.headers, 'x-action': 'login' },
    })) as ApiGatewayV2Result
    expect(login.body).toBe('logged in')
    const lines = login.cookies ?? []
    expect(lines.map((line) => line.split('=')[0]).sort()).toEqual([
      'sessionid',
      'theme',
    ])
    const me = (await app({
      ...base,
      cookies: [pair(lines, 'sessionid')],
    })) as ApiGatewayV2Result
    expect(me.body).toBe('ada')
    const stranger = (await app({ ...base, cookies: [] })) as ApiGatewayV2Result
    expect(stranger.body).toBe('guest')
  })

  it('v1: Set-Cookie lines in multiValueHeaders; the Cookie header opens it', async () => {
    const base = fixture<ApiGatewayV1Event>('java/apigw_rest_event.json')
    const login = (await app({
      ...base,
      headers: { ...base.headers, 'x-action': 'login' },
      multiValueHeaders: { ...base.multiValueHeaders, 'x-action': ['login'] },
    })) as ApiGatewayV1Result
    expect(login.body).toBe('logged in')
    const lines = login.multiValueHeaders?.['set-cookie'] ?? []
    expect(lines.map((line) => String(line).split('=')[0]).sort()).toEqual([
      'sessionid',
      'theme',
    ])
    const cookie = pair(lines.map(String), 'sessionid')
    const me = (await app({
      ...base,
      headers: { ...base.headers, cookie },
      multiValueHeaders: { ...base.multiValueHeaders, cookie: [cookie] },
    })) as ApiGatewayV1Result
    expect(me.body).toBe('ada')
  })
})
