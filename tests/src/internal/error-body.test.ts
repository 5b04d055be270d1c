/**
 * The one error body format (src/internal/error-body.ts): the core's conversions and
 * the adapters' own answers share it.
 */
import { describe, expect, it } from 'vitest'
import { NotFound, responseForError } from 'shallot'
import { errorBodyText, errorResponse } from '../../../src/internal/error-body.js'
import { takeHeldText } from '../../../src/internal/held-body.js'
import { recordingLogger } from '../../support/index.js'

describe('errorBodyText and errorResponse', () => {
  it('the status and its reason phrase, as plain text, nothing else', async () => {
    expect(errorBodyText(413)).toBe('413 Content Too Large\n')
    const response = errorResponse(400)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('400 Bad Request\n')
  })

  it('an unregistered status is named by its class', () => {
    expect(errorBodyText(599)).toBe('599 Server Error\n')
    expect(errorBodyText(499)).toBe('499 Client Error\n')
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
