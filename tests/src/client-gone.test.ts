/**
 * A client that went away is not a server error: when the request's signal has
 * aborted, the error a boundary converts is logged at debug level, not at error level,
 * so that clients cannot flood the error log by hanging up mid-request.
 */
import { describe, expect, it } from 'vitest'
import { createHandler, responseForError } from 'shallot'

function memory() {
  const lines: string[] = []
  const push = (level: string) => (message: string) =>
    void lines.push(`${level} ${message}`)
  return {
    lines,
    logger: {
      debug: push('debug'),
      info: push('info'),
      warn: push('warn'),
      error: push('error'),
    },
  }
}

describe('a client that went away', () => {
  it('responseForError logs at debug when the request signal aborted', () => {
    const { lines, logger } = memory()
    const controller = new AbortController()
    controller.abort()
    const request = new Request('http://localhost/echo', {
      method: 'POST',
      signal: controller.signal,
    })
    const response = responseForError(new Error('aborted'), request, {
      debug: false,
      logger,
    })
    expect(response.status).toBe(500)
    expect(lines).toEqual([
      'debug Internal Server Error: POST /echo: the client went away',
    ])
  })

  it('a stack whose view fails after the client left logs nothing at error level', async () => {
    const { lines, logger } = memory()
    const controller = new AbortController()
    const handler = createHandler({
      middleware: [],
      logger,
      debug: true,
      view: () => {
        controller.abort()
        throw new Error('aborted')
      },
    })
    const request = new Request('http://localhost/echo', { signal: controller.signal })
    expect((await handler(request)).status).toBe(500)
    expect(lines.filter((line) => !line.startsWith('debug '))).toEqual([])
  })

  it('a request whose signal cannot be read is logged as before', () => {
    const { lines, logger } = memory()
    const request = {
      method: 'GET',
      url: 'http://localhost/',
      get signal(): AbortSignal {
        throw new Error('no signal')
      },
    }
    responseForError(new Error('boom'), request, { debug: false, logger })
    expect(lines).toEqual(['error Internal Server Error: GET /'])
  })
})
