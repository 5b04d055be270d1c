/**
 * The one error body format (src/internal/error-body.ts): the core's conversions and
 * the adapters' own answers share it.
 */
import { describe, expect, it } from 'vitest'
import { NotFound, responseForError } from 'shallot'
import { errorBody, errorResponse } from '../../../src/internal/error-body.js'
import { takeHeldText } from '../../../src/internal/held-body.js'
import { recordingLogger } from '../../support/index.js'

describe('errorBody and errorResponse', () => {
  it('the status and its reason phrase, as plain text, nothing else', async () => {
    expect(errorBody(413, null).text).toBe('413 Content Too Large\n')
    const response = errorResponse(400)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('400 Bad Request\n')
  })

  it('an unregistered status is named by its class', () => {
    expect(errorBody(599, null).text).toBe('599 Server Error\n')
    expect(errorBody(499, null).text).toBe('499 Client Error\n')
  })

  it('is the body the core converts an error to in production', async () => {
    const context = { debug: false, logger: recordingLogger() }
    const converted = responseForError(new NotFound('secret'), null, context)
    expect(await converted.text()).toBe(await errorResponse(404).text())
  })

  it('error pages go the response helpers’ way: the text held, no body stream made, headers mutable', async () => {
    const context = { debug: false, logger: recordingLogger() }
    const converted = responseForError(new NotFound('secret'), null, context)
    converted.headers.set('x-layer', 'after') // a layer outside still edits it
    expect(converted.headers.get('x-layer')).toBe('after')
    expect(takeHeldText(converted)).toBe('404 Not Found\n')
    expect(takeHeldText(errorResponse(413))).toBe('413 Content Too Large\n')
    const debugPage = responseForError(new Error('boom'), null, {
      ...context,
      debug: true,
    })
    expect(takeHeldText(debugPage)).toMatch(
      /^500 Internal Server Error\n\nrequest\n\nError: boom/,
    )
  })
})

describe('errorBody: problem JSON and what the client may see', () => {
  const json = 'application/json'

  it('an Accept that prefers JSON gets an RFC 9457 problem, title the reason phrase', () => {
    const body = errorBody(404, json)
    expect(body.contentType).toBe('application/problem+json')
    expect(JSON.parse(body.text)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
    })
    expect((JSON.parse(errorBody(599, json).text) as { title: string }).title).toBe(
      'Server Error',
    )
  })

  it('detail and field errors in both formats', () => {
    const details = {
      detail: 'invalid form',
      errors: [
        { path: ['user', 'email'], message: 'must be an email' },
        { path: ['tags', 0], message: 'too long' },
        { message: 'one of email or phone' },
        { path: [], message: 'empty path' },
      ],
    }
    expect(errorBody(400, null, details).text).toBe(
      '400 Bad Request\n\ninvalid form\n- user.email: must be an email\n- tags.0: too long\n- one of email or phone\n- empty path\n',
    )
    expect(JSON.parse(errorBody(400, json, details).text)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid form',
      errors: [
        { path: ['user', 'email'], message: 'must be an email' },
        { path: ['tags', 0], message: 'too long' },
        { message: 'one of email or phone' },
        { path: [], message: 'empty path' },
      ],
    })
  })

  it('debug details follow, as sections of text or members of the problem', () => {
    const details = { detail: 'd', request: 'GET /x', error: 'Error: boom' }
    expect(errorBody(500, 'text/plain', details).text).toBe(
      '500 Internal Server Error\n\nd\n\nGET /x\n\nError: boom\n',
    )
    expect(JSON.parse(errorBody(500, json, details).text)).toMatchObject(details)
  })

  it('field errors are copied as plain data; what cannot be read is left out, never thrown', () => {
    const throwing = {
      get message(): string {
        throw new Error('getter')
      },
    }
    const symbolPath = { path: [Symbol.for('k'), 1], message: 7 }
    const { proxy, revoke } = Proxy.revocable([], {})
    revoke()
    const errors = [throwing, symbolPath, { message: 'kept', extra: 'dropped' }]
    expect(
      (
        JSON.parse(errorBody(422, json, { errors: errors as never }).text) as {
          errors: unknown
        }
      ).errors,
    ).toEqual([{ path: ['Symbol(k)', 1], message: '7' }, { message: 'kept' }])
    expect(errorBody(422, null, { errors: proxy }).text).toBe(
      '422 Unprocessable Content\n',
    )
    expect(errorBody(422, null, { errors: 'not a list' as never }).text).toBe(
      '422 Unprocessable Content\n',
    )
  })

  it('errorResponse answers in the negotiated format', async () => {
    const response = errorResponse(413, 'application/problem+json')
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Content Too Large',
      status: 413,
    })
  })
})
