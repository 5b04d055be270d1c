/**
 * What an error response shows in production and in debug, and what the stack logs
 * (contract: `debug`, `logger`; N3, N12).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  createHandler,
  HttpError,
  NotFound,
  PermissionDenied,
  SuspiciousOperation,
  type Middleware,
} from '../../src/index.js'
import {
  hookClass,
  layer,
  leaks,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  returns,
  returnsUndefined,
} from '../support/index.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** An error whose message and stack carry a recognisable secret and a file path. */
function secretError(): Error {
  const error = new Error('db password hunter2 at /srv/app/src/settings.ts:12')
  error.stack = `Error: ${error.message}\n    at connect (/srv/app/src/db.ts:40:11)\n    at view (/srv/app/src/views.ts:7:3)`
  return error
}

function stackOf3(view: () => unknown, debug: boolean) {
  const log: string[] = []
  const logger = recordingLogger()
  const handler = createHandler({
    middleware: [
      fromHooks(hookClass('A', log)),
      fromHooks(hookClass('B', log)),
      fromHooks(hookClass('C', log)),
    ],
    view: view as () => Response,
    logger,
    debug,
  })
  return { handler, logger, log }
}

describe('production (debug off)', () => {
  it('N3 — a 500 body carries no message, no stack and no file path', async () => {
    const error = secretError()
    const { handler } = stackOf3(() => {
      throw error
    }, false)
    const response = await handler(request())
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(leaks(body, error)).toEqual([])
    expect(body).not.toContain('hunter2')
    expect(body).not.toContain('/src/')
    expect(body).not.toContain('.ts')
    expect(body).not.toContain('connect')
  })

  it('N3 — 4xx bodies carry no message either', async () => {
    for (const error of [
      new NotFound('article hunter2 is private'),
      new PermissionDenied('hunter2 is not staff'),
      new SuspiciousOperation('forged host hunter2'),
    ]) {
      const { handler } = stackOf3(() => {
        throw error
      }, false)
      const body = await (await handler(request())).text()
      expect(body).not.toContain('hunter2')
      expect(leaks(body, error)).toEqual([])
    }
  })

  it('N9 — a "didn’t return" 500 does not show the message in production', async () => {
    const { handler } = stackOf3(() => undefined, false)
    const body = await (await handler(request())).text()
    expect(body).not.toContain("didn't return")
  })

  it('N3 — a non-Error thrown value is not shown in production', async () => {
    const { handler } = stackOf3(() => {
      throw 'token hunter2'
    }, false)
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('hunter2')
  })

  it('N3 — debug is off by default', async () => {
    const error = secretError()
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw error
      },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).not.toContain('hunter2')
  })
})

describe('debug on', () => {
  it('N3 — a 500 body shows the error’s message and stack', async () => {
    const error = secretError()
    const { handler } = stackOf3(() => {
      throw error
    }, true)
    const response = await handler(request())
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(body).toContain(error.message)
    expect(body).toContain('at connect (/srv/app/src/db.ts:40:11)')
    expect(body).toContain('at view (/srv/app/src/views.ts:7:3)')
  })

  it('N3 — the debug page is plain text', async () => {
    const { handler } = stackOf3(() => {
      throw new Error('as text')
    }, true)
    const response = await handler(request())
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  })

  it('N3/S44 — SuspiciousOperation with debug on: a 400 that passes through every layer', async () => {
    const { handler, log } = stackOf3(() => {
      throw new SuspiciousOperation('forged host')
    }, true)
    const response = await handler(request())
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('forged host')
    expect(log.slice(-3)).toEqual([
      'C.processResponse[400]',
      'B.processResponse[400]',
      'A.processResponse[400]',
    ])
  })

  it('N3 — a real stack (not a hand-made one) is shown', async () => {
    const error = new Error('real one')
    const { handler } = stackOf3(() => {
      throw error
    }, true)
    const body = await (await handler(request())).text()
    const firstFrame = error.stack!.split('\n').find((line) => line.includes(' at '))
    expect(firstFrame).toBeDefined()
    expect(body).toContain(firstFrame!.trim())
  })

  it('N3 — 4xx bodies show the message too', async () => {
    const { handler } = stackOf3(() => {
      throw new NotFound('no article 42')
    }, true)
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('no article 42')
  })

  it('N9/D7 — the "didn’t return" message is shown', async () => {
    function home() {
      return undefined
    }
    const { handler } = stackOf3(home, true)
    const body = await (await handler(request())).text()
    expect(body).toContain(
      "The view home didn't return a Response object. It returned undefined instead.",
    )
  })

  it('D1 — the processResponse "didn’t return" message is shown', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('B', [], { processResponse: returnsUndefined })),
      ],
      view: () => new Response('view'),
      logger,
      debug: true,
    })
    const body = await (await handler(request())).text()
    expect(body).toContain(
      "B.processResponse didn't return a Response object. It returned undefined instead.",
    )
  })

  it('N3 — non-Error thrown values are shown as text, even ones that cannot be printed', async () => {
    const cases: Array<readonly [unknown, string | undefined]> = [
      ['token abc', 'token abc'],
      [42, '42'],
      [null, 'null'],
      [Object.create(null), undefined],
    ]
    for (const [value, shown] of cases) {
      const { handler } = stackOf3(() => {
        throw value
      }, true)
      const response = await handler(request())
      expect(response.status).toBe(500)
      const body = await response.text()
      if (shown !== undefined) expect(body).toContain(shown)
    }
  })
})

describe('debug on: errors whose stack does not tell the message', () => {
  it('N3 — a stack without the message gets `Name: message` above it', async () => {
    const error = new TypeError('bad input')
    error.stack = '    at parse (/srv/app/src/parse.ts:3:9)'
    const { handler } = stackOf3(() => {
      throw error
    }, true)
    const body = await (await handler(request())).text()
    expect(body).toContain(
      'TypeError: bad input\n    at parse (/srv/app/src/parse.ts:3:9)',
    )
  })

  it('N3 — an error without a stack still shows `Name: message`', async () => {
    const error = new RangeError('out of range')
    Object.defineProperty(error, 'stack', { value: undefined })
    const { handler } = stackOf3(() => {
      throw error
    }, true)
    const body = await (await handler(request())).text()
    expect(body).toContain('RangeError: out of range\n')
    expect(body).not.toContain('undefined')
  })
})

describe('a request that is not a Request', () => {
  it('N3 — the log line and debug page say `request` instead of a method and path, and the handler answers', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new Error('no url')
      },
      logger,
      debug: true,
    })
    const response = await handler({ method: 'GET', url: 'not a url' } as Request)
    expect(response.status).toBe(500)
    expect(await response.text()).toContain('500 Internal Server Error\n\nrequest\n')
    expect(logger.records.map((record) => record.message)).toEqual([
      'Internal Server Error: request',
    ])
  })
})

describe('logging', () => {
  it('N3 — a 5xx is logged once, at error level, with the method and path in the message', async () => {
    const error = new Error('boom')
    const { handler, logger } = stackOf3(() => {
      throw error
    }, false)
    await handler(request('/orders/7/', { method: 'POST' }))
    expect(logger.records).toHaveLength(1)
    const [record] = logger.records
    expect(record!.level).toBe('error')
    expect(record!.message).toContain('POST')
    expect(record!.message).toContain('/orders/7/')
    expect(recordText(record!)).toContain('boom')
  })

  it('N3 — a 4xx from an exception is logged once, at warn level, with the method and path', async () => {
    const { handler, logger } = stackOf3(() => {
      throw new NotFound('no such order')
    }, false)
    await handler(request('/orders/8/', { method: 'DELETE' }))
    expect(logger.records.map((record) => record.level)).toEqual(['warn'])
    expect(logger.records[0]!.message).toContain('DELETE')
    expect(logger.records[0]!.message).toContain('/orders/8/')
  })

  it('N12 — a view that itself returns a 404 Response is logged once, at warn, by the top of the stack', async () => {
    const { handler, logger } = stackOf3(
      () => new Response('nothing here', { status: 404 }),
      false,
    )
    const response = await handler(request('/missing/'))
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('nothing here')
    expect(logger.records.map((record) => record.level)).toEqual(['warn'])
    expect(logger.records[0]!.message).toContain('GET')
    expect(logger.records[0]!.message).toContain('/missing/')
  })

  it('N12 — a view returning the same bodiless 404 Response on every request is logged on every request', async () => {
    const notFound = new Response(null, { status: 404 })
    const { handler, logger } = stackOf3(() => notFound, false)
    await handler(request('/first/'))
    await handler(request('/second/'))
    expect(
      logger.records.map((record) => [
        record.level,
        record.message.includes('/first/')
          ? 'first'
          : record.message.includes('/second/')
            ? 'second'
            : '?',
      ]),
    ).toEqual([
      ['warn', 'first'],
      ['warn', 'second'],
    ])
  })

  it('N12 — a view that returns a 503 Response is logged once, at error', async () => {
    const { handler, logger } = stackOf3(
      () => new Response('busy', { status: 503 }),
      false,
    )
    await handler(request('/busy/'))
    expect(logger.records.map((record) => record.level)).toEqual(['error'])
    expect(logger.records[0]!.message).toContain('/busy/')
  })

  it('N12 — a layer that short-circuits with a 403 Response is logged once, at warn', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', []), layer('B', [], { before: respond('no', 403) })],
      view: () => new Response('view'),
      logger,
    })
    await handler(request())
    expect(logger.records.map((record) => record.level)).toEqual(['warn'])
  })

  it('N12 — 2xx and 3xx responses are not logged', async () => {
    for (const status of [200, 204, 302, 304]) {
      const { handler, logger } = stackOf3(
        () => new Response(null, { status, headers: { location: '/' } }),
        false,
      )
      await handler(request())
      expect(logger.records).toEqual([])
    }
  })

  it('N2/N12 — an error converted at an inner boundary is not logged again by the outer layers or the top', async () => {
    const { handler, logger } = stackOf3(() => {
      throw new Error('once')
    }, false)
    await handler(request())
    expect(logger.records).toHaveLength(1)
  })

  it('N2/N12 — a processResponse error converted at B is logged once', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        fromHooks(
          hookClass('B', log, { processResponse: raises(new Error('B broke')) }),
        ),
      ],
      view: recordingView(log),
      logger,
    })
    await handler(request())
    expect(logger.records.map((record) => record.level)).toEqual(['error'])
  })

  it('N12 — a layer replacing an error response with a 200 leaves only the conversion’s log line', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', [], { after: respond('recovered') })],
      view: () => {
        throw new Error('boom')
      },
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(logger.records.map((record) => record.level)).toEqual(['error'])
  })

  it('N12 — logger: the default is console: a 5xx goes to console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new Error('to console')
      },
    })
    await handler(request('/console/'))
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0]?.[0])).toContain('/console/')
    expect(warn).not.toHaveBeenCalled()
  })

  it('N12 — logger: every call passes a message string first', async () => {
    const logger = recordingLogger()
    const spy = vi.fn()
    const handler = createHandler({
      middleware: [layer('B', [], { after: returns(() => undefined) })],
      view: () => {
        throw new NotFound('x')
      },
      logger: {
        debug: (...args: unknown[]) => void spy(...args),
        info: (...args: unknown[]) => void spy(...args),
        warn: (message: string, ...details: unknown[]) => {
          spy(message, ...details)
          logger.warn(message, ...details)
        },
        error: (message: string, ...details: unknown[]) => {
          spy(message, ...details)
          logger.error(message, ...details)
        },
      },
      debug: true,
    })
    await handler(request())
    expect(spy).toHaveBeenCalled()
    for (const call of spy.mock.calls) expect(typeof call[0]).toBe('string')
    // The 404 never reached the client: only the 500 that replaced it is logged.
    expect(logger.records.map((record) => record.level)).toEqual(['error'])
  })
})

describe('each final response is logged once (N12)', () => {
  /** An outer layer that answers any 401 with its own, with a challenge. */
  const challenge: Middleware = (getResponse) => async (req) => {
    const response = await getResponse(req)
    if (response.status !== 401) return response
    return new Response('log in', {
      status: 401,
      headers: { 'www-authenticate': 'Basic' },
    })
  }
  const lines = (logger: ReturnType<typeof recordingLogger>) =>
    logger.records.map((record) => `${record.level} ${record.message}`)

  it('N12 — an outer layer replacing a converted 401 with its own: one warn line', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [challenge, layer('B', [])],
      view: () => {
        throw new HttpError(401)
      },
      logger,
    })
    const response = await handler(request('/a', { method: 'DELETE' }))
    expect(response.headers.get('www-authenticate')).toBe('Basic')
    expect(lines(logger)).toEqual(['warn Unauthorized: DELETE /a'])
  })

  it('N12 — a converted 4xx that reaches the client is logged once, by the top', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', []), layer('B', [], { before: raises(new NotFound()) })],
      view: () => new Response('view'),
      logger,
    })
    await handler(request('/b'))
    expect(lines(logger)).toEqual(['warn Not Found: GET /b'])
  })

  it('N12 — a converted 4xx that a layer turns into a 200 is not logged', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', [], { after: respond('recovered') })],
      view: () => {
        throw new PermissionDenied()
      },
      logger,
    })
    expect((await handler(request())).status).toBe(200)
    expect(logger.records).toEqual([])
  })

  it('N12 — a 4xx converted by the top boundary itself is logged once', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', [], { before: raises(new NotFound()) })],
      view: () => new Response('view'),
      logger,
    })
    await handler(request('/c'))
    expect(lines(logger)).toEqual(['warn Not Found: GET /c'])
  })

  it('N12 — an unusual 4xx keeps the reason its conversion gave it', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [layer('A', [])],
      view: () => {
        throw new HttpError(499)
      },
      logger,
    })
    await handler(request('/d'))
    expect(lines(logger)).toEqual(['warn Client Error: GET /d'])
  })

  it('N12 — an outer layer replacing a converted 500 with its own page: the error line and the final line', async () => {
    // The server error is logged where it is caught, with its error, even when a
    // layer hides it; the page that replaced it is a final response of its own.
    const logger = recordingLogger()
    const errorPage: Middleware = (getResponse) => async (req) => {
      const response = await getResponse(req)
      return response.status >= 500 ? new Response('sorry', { status: 503 }) : response
    }
    const handler = createHandler({
      middleware: [errorPage],
      view: () => {
        throw new Error('boom')
      },
      logger,
    })
    await handler(request('/e'))
    expect(lines(logger)).toEqual([
      'error Internal Server Error: GET /e',
      'error Service Unavailable: GET /e',
    ])
  })
})
