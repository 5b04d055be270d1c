/**
 * The innermost step (Django's `_get_response`): resolve, processView, the view,
 * processException, template responses (N7–N11, N17, D7).
 */
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  createHandler,
  NotFound,
  TemplateResponse,
  type AnyMiddleware,
  type Handler,
  type LayerHooks,
  type View,
  type ViewArgs,
  type ViewKwargs,
} from '../../src/index.js'
import {
  calls,
  failingTemplateResponse,
  hookClass,
  layer,
  named,
  otherRealmResponse,
  raises,
  recordingLogger,
  recordingView,
  recordText,
  request,
  respond,
  responseShapedObject,
  returns,
  returnsUndefined,
  templateResponse,
  type TrContext,
} from '../support/index.js'

const errorText = (logger: ReturnType<typeof recordingLogger>) =>
  logger.at('error').map(recordText).join('\n')

function hooked(name: string, log: string[], hooks: LayerHooks): AnyMiddleware {
  return layer(name, log, { hooks })
}

describe('N7 — resolve, then processView', () => {
  it('N7/S39 — resolve() returning undefined: 404 before any processView; every layer sees the 404', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        fromHooks(hookClass('B', log)),
        fromHooks(hookClass('C', log)),
      ],
      resolve: () => undefined,
      logger: recordingLogger(),
    })
    const response = await handler(request('/nowhere/'))
    expect(response.status).toBe(404)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → C.processRequest → C.processResponse[404] → B.processResponse[404] → A.processResponse[404]',
      ),
    )
  })

  it('N7 — resolve() returning null or a promise of undefined is the same 404', async () => {
    for (const resolve of [() => null, async () => undefined]) {
      const log: string[] = []
      const handler = createHandler({
        middleware: [fromHooks(hookClass('A', log))],
        resolve,
        logger: recordingLogger(),
      })
      const response = await handler(request())
      expect(response.status).toBe(404)
      expect(log).toEqual(calls('A.processRequest → A.processResponse[404]'))
    }
  })

  it('N7 — an error thrown by resolve() is converted without processView or processException', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [fromHooks(hookClass('A', log))],
      resolve: () => {
        throw new Error('resolver broke')
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('A.processRequest → A.processResponse[500]'))
  })

  it('N7 — processView gets (request, view, args, kwargs) from the match; the view gets (request, args, kwargs)', async () => {
    const seen: unknown[][] = []
    const args: ViewArgs = ['2024', 'hello']
    const kwargs: ViewKwargs = { slug: 'hello' }
    const article: View = (request, viewArgs, viewKwargs) => {
      seen.push(['view', request, viewArgs, viewKwargs])
      return new Response(`article ${String(viewKwargs.slug)}`)
    }
    let passed: Request | undefined
    const handler = createHandler({
      middleware: [
        hooked('A', [], {
          processView: (request, view, viewArgs, viewKwargs) => {
            seen.push(['processView', request, view, viewArgs, viewKwargs])
          },
        }),
      ],
      resolve: async (request) => {
        passed = request
        return { view: article, args, kwargs }
      },
      logger: recordingLogger(),
    })
    const response = await handler(request('/articles/2024/hello/'))
    expect(await response.text()).toBe('article hello')
    expect(seen).toEqual([
      ['processView', passed, article, args, kwargs],
      ['view', passed, args, kwargs],
    ])
  })

  it('N7 — without args/kwargs in the match, both are empty', async () => {
    const seen: unknown[] = []
    const handler = createHandler({
      middleware: [],
      resolve: () => ({
        view: (_request: Request, args: ViewArgs, kwargs: ViewKwargs) => {
          seen.push(args, kwargs)
          return new Response('ok')
        },
      }),
      logger: recordingLogger(),
    })
    await handler(request())
    expect(seen).toEqual([[], {}])
  })

  it('N7 — with a single view, the view gets empty args and kwargs', async () => {
    const seen: unknown[] = []
    const handler = createHandler({
      middleware: [],
      view: (_request, args, kwargs) => {
        seen.push(args, kwargs)
        return new Response('ok')
      },
      logger: recordingLogger(),
    })
    await handler(request())
    expect(seen).toEqual([[], {}])
  })

  it('N7 — resolve() sees the request as the layers passed it in (Django honours request.urlconf)', async () => {
    const rewrite: AnyMiddleware = named(
      'Rewrite',
      (getResponse: Handler) => (request: Request) =>
        getResponse(new Request(new URL('/rewritten/', request.url), request)),
    )
    const handler = createHandler({
      middleware: [rewrite],
      resolve: (request) =>
        new URL(request.url).pathname === '/rewritten/'
          ? { view: () => new Response('found') }
          : undefined,
      logger: recordingLogger(),
    })
    const response = await handler(request('/original/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('found')
  })

  it('N7/S05 — function layers’ processView: stack order, the first response skips the rest and the view', async () => {
    const log: string[] = []
    const view = (name: string, answer?: Response) => ({
      processView: () => {
        log.push(`${name}.processView`)
        return answer
      },
    })
    const handler = createHandler({
      middleware: [
        hooked('A', log, view('A')),
        hooked('B', log, view('B', new Response('B.processView'))),
        hooked('C', log, view('C')),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('B.processView')
    expect(log).toEqual(
      calls(
        'A.before → B.before → C.before → A.processView → B.processView → C.after[200] → B.after[200] → A.after[200]',
      ),
    )
  })

  it('N7 — an async processView answering is awaited', async () => {
    const handler = createHandler({
      middleware: [
        hooked('A', [], { processView: async () => new Response('async view hook') }),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('async view hook')
  })
})

describe('N8 — the view raises: processException', () => {
  it('N8 — innermost first; the first response wins and the outer hooks are not called', async () => {
    const log: string[] = []
    const exception = (name: string, answer?: () => Response) => ({
      processException: (_request: Request, error: unknown) => {
        log.push(`${name}.processException(${(error as Error).message})`)
        return answer?.()
      },
    })
    const handler = createHandler({
      middleware: [
        hooked(
          'A',
          log,
          exception('A', () => new Response('A')),
        ),
        hooked(
          'B',
          log,
          exception('B', () => new Response('B', { status: 202 })),
        ),
        hooked('C', log, exception('C')),
      ],
      view: recordingView(log, raises(new Error('boom'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('B')
    expect(log).toEqual(
      calls(
        'A.before → B.before → C.before → view → C.processException(boom) → B.processException(boom) → C.after[202] → B.after[202] → A.after[202]',
      ),
    )
  })

  it('N8 — every hook gets the very value the view threw; with no answer it is converted by its own type', async () => {
    const failure = new NotFound('no such article')
    const seen: unknown[] = []
    const handler = createHandler({
      middleware: [
        hooked('A', [], { processException: (_r, error) => void seen.push(error) }),
        hooked('B', [], {
          processException: async (_r, error) => void seen.push(error),
        }),
      ],
      view: () => {
        throw failure
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(seen).toEqual([failure, failure])
    expect(seen[0]).toBe(failure)
  })

  it('N8 — non-Error values thrown by the view reach processException unchanged', async () => {
    for (const value of ['text', null, undefined, 7]) {
      const seen: unknown[] = []
      const handler = createHandler({
        middleware: [
          hooked('A', [], {
            processException: (_r, error) => {
              seen.push(error)
            },
          }),
        ],
        view: () => {
          throw value
        },
        logger: recordingLogger(),
      })
      expect((await handler(request())).status).toBe(500)
      expect(seen).toEqual([value])
    }
  })

  it('N8 — processException also runs for an async view that rejects', async () => {
    const handler = createHandler({
      middleware: [hooked('A', [], { processException: () => new Response('caught') })],
      view: async () => {
        throw new Error('async')
      },
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('caught')
  })

  it('N8/N11 — errors from processRequest, processView and processResponse never reach processException', async () => {
    for (const hook of ['processRequest', 'processView', 'processResponse'] as const) {
      const log: string[] = []
      const handler = createHandler({
        middleware: [
          fromHooks(hookClass('A', log, { only: ['processException'] })),
          fromHooks(
            hookClass('B', log, { only: [hook], [hook]: raises(new Error(hook)) }),
          ),
        ],
        view: recordingView(log),
        logger: recordingLogger(),
      })
      expect((await handler(request())).status).toBe(500)
      expect(log.filter((entry) => entry.includes('processException'))).toEqual([])
    }
  })
})

describe('N11 — exceptions raised by the hooks themselves', () => {
  it('N11/S30 — a raising processException skips the remaining ones; the new error is converted at the innermost boundary', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const hookError = new Error('processException broke')
    const handler = createHandler({
      middleware: [
        hooked('A', log, {
          processException: () => {
            log.push('A.processException')
            return new Response('A')
          },
        }),
        hooked('B', log, {
          processException: () => {
            log.push('B.processException')
            throw hookError
          },
        }),
      ],
      view: recordingView(log, raises(new NotFound('view'))),
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'A.before → B.before → view → B.processException → B.after[500] → A.after[500]',
      ),
    )
    expect(errorText(logger)).toContain('processException broke')
  })

  it('N11/S26 — a raising processView is converted at the innermost boundary, without processException', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        hooked('A', log, {
          processException: () => {
            log.push('A.processException')
          },
        }),
        hooked('B', log, {
          processView: () => {
            throw new NotFound('processView')
          },
        }),
      ],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(404)
    expect(log).toEqual(calls('A.before → B.before → B.after[404] → A.after[404]'))
  })

  it('N11/S18 — a raising processTemplateResponse skips the outer ones and processException', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(
          hookClass('A', log, {
            only: ['processTemplateResponse', 'processException'],
          }),
        ),
        hooked('B', log, {
          processTemplateResponse: () => {
            log.push('B.processTemplateResponse')
            throw new Error('B.processTemplateResponse')
          },
        }),
      ],
      view: () => templateResponse('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('B.before → B.processTemplateResponse → B.after[500]'))
  })
})

describe('N9/D7 — a view or hook that must return a response and does not', () => {
  it('N9/D7 — `The view <function name> didn’t return a Response object. It returned undefined instead.`', async () => {
    const logger = recordingLogger()
    function home() {
      return undefined
    }
    const handler = createHandler({ middleware: [], view: home, logger })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(errorText(logger)).toContain(
      "The view home didn't return a Response object. It returned undefined instead.",
    )
  })

  it('N9/D7 — a view without a name is `anonymous`', async () => {
    const logger = recordingLogger()
    const anonymous = [() => undefined][0]!
    expect(anonymous.name).toBe('')
    const handler = createHandler({ middleware: [], view: anonymous, logger })
    expect((await handler(request())).status).toBe(500)
    expect(errorText(logger)).toContain(
      "The view anonymous didn't return a Response object. It returned undefined instead.",
    )
  })

  it('N9/D7 — resolved views are named too; null is described as null', async () => {
    const logger = recordingLogger()
    function detail() {
      return null
    }
    const handler = createHandler({
      middleware: [],
      resolve: () => ({ view: detail }),
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(errorText(logger)).toContain(
      "The view detail didn't return a Response object. It returned null instead.",
    )
  })

  it('N9 — a view returning a value of another type names the type', async () => {
    const logger = recordingLogger()
    function text() {
      return 'hello' as unknown as Response
    }
    const handler = createHandler({ middleware: [], view: text, logger })
    expect((await handler(request())).status).toBe(500)
    expect(errorText(logger)).toMatch(
      /The view text didn't return a Response object\. It returned .*string.* instead\./,
    )
  })

  it('N9 — an async view resolving to undefined is the same 500', async () => {
    const logger = recordingLogger()
    async function later() {
      return undefined
    }
    const handler = createHandler({ middleware: [], view: later, logger })
    expect((await handler(request())).status).toBe(500)
    expect(errorText(logger)).toContain(
      "The view later didn't return a Response object. It returned undefined instead.",
    )
  })

  it('N9/S17 — a function layer’s processTemplateResponse returning undefined: 500 naming the layer', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processTemplateResponse'] })),
        hooked('B', log, { processTemplateResponse: () => undefined }),
      ],
      view: () => templateResponse('view'),
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(calls('B.before → B.after[500]'))
    expect(errorText(logger)).toContain(
      "B.processTemplateResponse didn't return a Response object. It returned undefined instead.",
    )
  })
})

describe('N10 — template responses', () => {
  it('N10 — processTemplateResponse may change template and context before the single render', async () => {
    let renders = 0
    const handler = createHandler({
      middleware: [
        hooked('A', [], {
          processTemplateResponse: (_request, response) => {
            const tr = response as TemplateResponse<TrContext>
            tr.template = (context) => {
              renders += 1
              return `<${context.origin}|${context.mw.join(',')}>`
            }
            return tr
          },
        }),
        hooked('B', [], {
          processTemplateResponse: (_request, response) => {
            const tr = response as TemplateResponse<TrContext>
            tr.context = { origin: 'B', mw: ['b'] }
            tr.status = 203
            tr.headers.set('x-b', 'yes')
            return tr
          },
        }),
      ],
      view: () => templateResponse('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(203)
    expect(response.headers.get('x-b')).toBe('yes')
    expect(await response.text()).toBe('<B|b>')
    expect(renders).toBe(1)
  })

  it('N10 — a processTemplateResponse returning a plain Response: it is taken as already rendered', async () => {
    const handler = createHandler({
      middleware: [
        hooked('B', [], {
          processTemplateResponse: () => new Response('plain', { status: 202 }),
        }),
      ],
      view: () => templateResponse('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('plain')
  })

  it('N10 — once a processTemplateResponse returns a plain Response, the outer ones are not called', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        hooked('A', log, {
          processTemplateResponse: (_request, response) => {
            log.push('A.processTemplateResponse')
            return response
          },
        }),
        hooked('B', log, {
          processTemplateResponse: () => {
            log.push('B.processTemplateResponse')
            return new Response('plain from B', { status: 202 })
          },
        }),
      ],
      view: () => templateResponse('view'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('plain from B')
    expect(log).toEqual(
      calls(
        'A.before → B.before → B.processTemplateResponse → B.after[202] → A.after[202]',
      ),
    )
  })

  it('N10/D2 — render() raising, processException answering with a TemplateResponse: the boundary renders it, without processTemplateResponse', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        hooked('A', log, {
          processTemplateResponse: (_request, response) => {
            log.push('A.processTemplateResponse')
            return response
          },
          processException: () => {
            log.push('A.processException')
            return templateResponse('A.processException', { status: 503 })
          },
        }),
      ],
      view: () => failingTemplateResponse('view', log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('TR[A.processException]')
    expect(log).toEqual(
      calls(
        'A.before → A.processTemplateResponse → view.render → A.processException → A.after[503]',
      ),
    )
  })

  it('N9 — a view answering with a response of another realm (it fails instanceof Response): passed on as it is', async () => {
    const foreign = otherRealmResponse(null, {
      status: 201,
      headers: { 'x-realm': 'other' },
    })
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: () => foreign,
      logger,
    })
    expect(await handler(request())).toBe(foreign)
    expect(logger.records).toEqual([])
  })

  it('N9 — the same through a processView hook (the hook pipeline settles it): passed on as it is', async () => {
    const foreign = otherRealmResponse(null, { status: 201 })
    const logger = recordingLogger()
    class Watcher {
      processView() {
        return null
      }
    }
    const handler = createHandler({
      middleware: [fromHooks(Watcher)],
      view: () => foreign,
      logger,
    })
    expect(await handler(request())).toBe(foreign)
    expect(logger.records).toEqual([])
  })

  it('N9 — a view answering with a plain object shaped like a response: a 500, "didn’t return a Response object"', async () => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [],
      view: function shaped() {
        return responseShapedObject(201)
      },
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.at('error')[0]!.message).toContain(
      "The view shaped didn't return a Response object. It returned an object instead.",
    )
  })

  it('N10/S20 — render() raising goes to processException innermost first; with no answer, a 500', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [fromHooks(hookClass('A', log)), fromHooks(hookClass('B', log))],
      view: () => failingTemplateResponse('view', log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → A.processView → B.processView → B.processTemplateResponse → A.processTemplateResponse → view.render → B.processException(Error) → A.processException(Error) → B.processResponse[500] → A.processResponse[500]',
      ),
    )
  })

  it('N10 — render() raising NotFound with no answer keeps its type: 404', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [fromHooks(hookClass('A', log))],
      view: () =>
        failingTemplateResponse('view', log, new NotFound('missing template')),
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(404)
    expect(log).toContain('A.processException(NotFound)')
  })

  it('S41 — processException answering with a TemplateResponse: it goes through processTemplateResponse and is rendered', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        fromHooks(
          hookClass('B', log, {
            processException: returns(() => templateResponse('B.processException')),
          }),
        ),
      ],
      view: recordingView(log, raises(new Error('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('TR[B.processException]+B+A')
  })

  it('N10 — an async template is awaited', async () => {
    const handler = createHandler({
      middleware: [],
      view: () =>
        new TemplateResponse(async (c: { n: number }) => `n=${c.n}`, { n: 3 }),
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('n=3')
  })

  it('N10 — a Response subclass with a callable render() is a template response: processTemplateResponse runs, then render()', async () => {
    const log: string[] = []
    class Lazy extends Response {
      render(): Response {
        log.push('Lazy.render')
        return new Response('rendered lazily')
      }
    }
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { only: ['processTemplateResponse'] })),
      ],
      view: () => new Lazy('unrendered'),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(log).toEqual(['A.processTemplateResponse', 'Lazy.render'])
    expect(await response.text()).toBe('rendered lazily')
  })

  it('S20/N10 — a Response subclass whose render() raises: processException sees the error (C answers)', async () => {
    const log: string[] = []
    class Broken extends Response {
      render(): Response {
        log.push('view.render')
        throw new Error('render')
      }
    }
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log)),
        fromHooks(hookClass('B', log)),
        fromHooks(
          hookClass('C', log, { processException: respond('C.processException') }),
        ),
      ],
      view: recordingView(
        log,
        returns(() => new Broken('unrendered')),
      ),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('C.processException')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → C.processRequest → A.processView → B.processView → C.processView → view → C.processTemplateResponse → B.processTemplateResponse → A.processTemplateResponse → view.render → C.processException(Error) → C.processResponse[200] → B.processResponse[200] → A.processResponse[200]',
      ),
    )
  })
})

describe('N17 — a hook answers when it returns anything but undefined or null', () => {
  it('N17 — null from processRequest, processView and processException passes on', async () => {
    const log: string[] = []
    const nothing = returns(() => null)
    const handler = createHandler({
      middleware: [
        fromHooks(
          hookClass('A', log, {
            processRequest: nothing,
            processView: nothing,
            processException: nothing,
          }),
        ),
        fromHooks(
          hookClass('B', log, { processException: respond('B.processException') }),
        ),
      ],
      view: recordingView(log, raises(new Error('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(await response.text()).toBe('B.processException')
    expect(log).toEqual(
      calls(
        'A.processRequest → B.processRequest → A.processView → B.processView → view → B.processException(Error) → B.processResponse[200] → A.processResponse[200]',
      ),
    )
  })

  it('N17 — undefined from every processException: the original error is converted', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { processException: returnsUndefined })),
      ],
      view: recordingView(log, raises(new NotFound('view'))),
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(404)
  })

  it('N17 — a processException returning false has answered: the outer ones are not asked, and it is a 500', async () => {
    const log: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(
          hookClass('A', log, { processException: respond('A.processException') }),
        ),
        fromHooks(hookClass('B', log, { processException: returns(() => false) })),
      ],
      view: recordingView(log, raises(new NotFound('view'))),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log.filter((entry) => entry.includes('processException'))).toEqual([
      'B.processException(NotFound)',
    ])
  })

  it('N17 — a processView returning a falsy value other than null/undefined has answered: the view is skipped, and it is a 500 naming the hook', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        fromHooks(hookClass('A', log, { processView: returns(() => false) })),
        fromHooks(hookClass('B', log)),
      ],
      view: recordingView(log),
      logger,
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(log).not.toContain('view')
    expect(log).not.toContain('B.processView')
    expect(errorText(logger)).toContain(
      "A.processView didn't return a Response object.",
    )
  })
})
