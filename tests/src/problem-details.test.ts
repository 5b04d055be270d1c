/**
 * What a client sees of an error (semantics.md N3, with RFC 9457 problem details): the
 * built-in page as text or as `application/problem+json` by the request's Accept; an
 * `HttpError`'s public `detail` and `errors` in production, its message never; and the
 * `http-errors` convention (a numeric `status` or `statusCode`, and `expose`) that
 * Koa, Express and Middy errors follow.
 */
import { describe, expect, it } from 'vitest'
import {
  BadRequest,
  HttpError,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  createHandler,
  responseForError,
} from 'shallot'
import { recordingLogger } from '../support/index.js'

const JSON_ACCEPT = 'application/json'

/** The answer of a one-view stack whose view throws `error`. */
async function answer(error: unknown, accept: string | null, debug = false) {
  const handler = createHandler({
    middleware: [],
    view: () => {
      throw error
    },
    debug,
    logger: recordingLogger(),
  })
  const headers: Record<string, string> = accept === null ? {} : { accept }
  const response = await handler(new Request('http://localhost/users/7', { headers }))
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  }
}

describe('problem+json by Accept (RFC 9457)', () => {
  it('a client that prefers JSON gets a problem; one that does not, text as before', async () => {
    expect(await answer(new NotFound('secret'), JSON_ACCEPT)).toEqual({
      status: 404,
      type: 'application/problem+json',
      text: '{"type":"about:blank","title":"Not Found","status":404}',
    })
    for (const accept of [null, '*/*', 'text/html,*/*;q=0.8']) {
      expect(await answer(new NotFound('secret'), accept)).toEqual({
        status: 404,
        type: 'text/plain; charset=utf-8',
        text: '404 Not Found\n',
      })
    }
  })

  it('debug adds the request line and the error as members', async () => {
    const { text } = await answer(new Error('boom'), JSON_ACCEPT, true)
    const problem = JSON.parse(text) as Record<string, string>
    expect(problem).toMatchObject({
      title: 'Internal Server Error',
      status: 500,
      request: 'GET /users/7',
    })
    expect(problem['error']).toMatch(/^Error: boom\n/)
  })

  it('a request whose headers cannot be read is answered in text', () => {
    const response = responseForError(
      new NotFound(),
      { headers: null },
      {
        debug: false,
        logger: recordingLogger(),
      },
    )
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  })
})

describe('HttpError’s client-safe detail and errors', () => {
  it('production shows detail, never the message', async () => {
    const error = new HttpError(401, 'token expired at 12:00', {
      detail: 'invalid token',
    })
    expect(await answer(error, null)).toMatchObject({
      status: 401,
      text: '401 Unauthorized\n\ninvalid token\n',
    })
    expect(JSON.parse((await answer(error, JSON_ACCEPT)).text)).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'invalid token',
    })
  })

  it('field errors, from every subclass; a 5xx’s detail too, since it is meant to be public', async () => {
    const errors = [{ path: ['email'], message: 'must be an email' }]
    const bad = new BadRequest('bad form: ada@', { errors, detail: 'invalid form' })
    expect(bad.errors).toBe(errors)
    expect(JSON.parse((await answer(bad, JSON_ACCEPT)).text)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid form',
      errors,
    })
    for (const error of [
      new NotFound('x', { detail: 'd' }),
      new PermissionDenied('x', { detail: 'd' }),
      new SuspiciousOperation('x', { detail: 'd' }),
      new HttpError(503, 'db failover', { detail: 'd', cause: new Error('c') }),
    ]) {
      expect((await answer(error, null)).text).toMatch(/\n\nd\n$/)
    }
  })

  it('a detail that is not a string, or errors that are not an array, are refused at once', () => {
    expect(() => new HttpError(400, 'x', { detail: 42 as never })).toThrow(
      new TypeError('HttpError detail must be a string, got number.'),
    )
    expect(() => new BadRequest('x', { errors: { email: 'bad' } as never })).toThrow(
      new TypeError(
        'HttpError errors must be an array of { path?, message }, got object.',
      ),
    )
  })
})

describe('the http-errors convention: status, statusCode, expose', () => {
  const httpError = (status: number, message: string, extra: object = {}) =>
    Object.assign(new Error(message), { status, ...extra })

  it('a numeric status or statusCode from 400 to 599 is the answer’s status', async () => {
    expect((await answer(httpError(422, 'x'), null)).status).toBe(422)
    expect(
      (await answer(Object.assign(new Error('x'), { statusCode: 409 }), null)).status,
    ).toBe(409)
    expect((await answer({ status: 404 }, null)).status).toBe(404)
    for (const status of [200, 302, 600, 404.5, '404'])
      expect((await answer({ status }, null)).status).toBe(500)
  })

  it('expose: true shows a 4xx’s message as its detail (as Koa does); not without it', async () => {
    expect(
      (await answer(httpError(401, 'token expired', { expose: true }), null)).text,
    ).toBe('401 Unauthorized\n\ntoken expired\n')
    expect((await answer(httpError(401, 'token expired'), null)).text).toBe(
      '401 Unauthorized\n',
    )
    expect(
      (await answer(httpError(401, 'token expired', { expose: 'yes' }), null)).text,
    ).toBe('401 Unauthorized\n')
    expect((await answer({ status: 400, expose: true, message: 7 }, null)).text).toBe(
      '400 Bad Request\n',
    )
  })

  it('a 5xx never shows its message in production, exposed or not', async () => {
    const exposed = httpError(503, 'replica lag 30 s', { expose: true })
    expect(await answer(exposed, JSON_ACCEPT)).toMatchObject({
      status: 503,
      text: '{"type":"about:blank","title":"Service Unavailable","status":503}',
    })
  })

  it('a status getter that throws, or a Proxy, is a 500 with nothing shown', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap')
        },
      },
    )
    expect(await answer(hostile, null)).toMatchObject({
      status: 500,
      text: '500 Internal Server Error\n',
    })
  })
})
