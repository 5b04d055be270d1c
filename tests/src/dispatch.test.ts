/**
 * The cost of a boundary (N2, N3, D1): a native layer's boundary reacts once to the
 * layer's promise, without an async frame of its own, and still converts whatever the
 * layer answers as `await` would take it: a synchronous `Response`, a thenable, a
 * `Promise` subclass, a promise with an own `then`, a synchronous throw.
 */
import { createHook } from 'node:async_hooks'
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  TemplateResponse,
  type Handler,
  type Middleware,
} from '../../src/index.js'
import {
  named,
  otherRealmResponse,
  recordingLogger,
  request,
} from '../support/index.js'

const passThrough: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request)
  return response
}

/** A stack of `n` pass-through layers around a view answering `response`. */
function stackOf(n: number, response: Response): Handler {
  return createHandler({
    middleware: Array.from({ length: n }, () => passThrough),
    view: async () => response,
    logger: recordingLogger(),
  })
}

/** The same stack by hand: `n` async closures, no boundary. */
function handWritten(n: number, response: Response): Handler {
  let handler: Handler = async () => response
  for (let index = 0; index < n; index++) {
    const next = handler
    handler = async (request) => {
      const answer = await next(request)
      return answer
    }
  }
  return handler
}

/** Promises created while `handler` answers one request (after a first, warm one). */
async function promisesMade(handler: Handler): Promise<number> {
  const first = request()
  await handler(first)
  let count = 0
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') count++
    },
  })
  hook.enable()
  try {
    await handler(first)
  } finally {
    hook.disable()
  }
  return count
}

/** Microtask ticks until `handler`'s answer has arrived. */
async function ticksToAnswer(handler: Handler): Promise<number> {
  let done = false
  const answered = handler(request()).then(() => {
    done = true
  })
  let ticks = 0
  while (!done) {
    await Promise.resolve()
    ticks++
  }
  await answered
  return ticks
}

describe('N2 — the cost of a boundary', () => {
  it('N2 — a native layer’s boundary makes one promise: at most one more per layer than hand-written async closures', async () => {
    const response = new Response('ok')
    for (const n of [0, 1, 10]) {
      const ours = await promisesMade(stackOf(n, response))
      const theirs = await promisesMade(handWritten(n, response))
      // An async wrapper made two per layer (its own promise and its await's).
      expect(ours - theirs, `N = ${n}`).toBeLessThanOrEqual(n + 2)
    }
  })

  it('N2 — the answer of N native layers arrives within 2N + 3 ticks: per layer one for its await and one for its boundary, then the view’s step, the top and the caller’s own', async () => {
    const response = new Response('ok')
    for (const n of [0, 1, 10]) {
      expect(await ticksToAnswer(stackOf(n, response)), `N = ${n}`).toBeLessThanOrEqual(
        2 * n + 3,
      )
    }
  })
})

/** A one-layer stack whose layer answers with `answer(request)`. */
function layerAnswering(answer: (request: Request) => unknown, debug = false) {
  const logger = recordingLogger()
  const layer = named('odd', ((_getResponse: Handler) => answer) as never)
  const handler = createHandler({
    middleware: [passThrough, layer, passThrough],
    view: () => new Response('view'),
    logger,
    debug,
  })
  return { handler, logger }
}

describe('N3/D1 — what a layer answers, taken as await takes it', () => {
  it('N2 — a Response returned synchronously passes', async () => {
    const { handler } = layerAnswering(() => new Response('sync', { status: 201 }))
    const response = await handler(request())
    expect(response.status).toBe(201)
    expect(await response.text()).toBe('sync')
  })

  it('N2 — a thenable of another library is adopted', async () => {
    const { handler } = layerAnswering(() => ({
      then(resolve: (value: Response) => void) {
        resolve(new Response('thenable'))
      },
    }))
    expect(await (await handler(request())).text()).toBe('thenable')
  })

  it('N2 — a Promise subclass is adopted through its own then, as await does', async () => {
    const seen: string[] = []
    class Tracked<T> extends Promise<T> {
      override then<A = T, B = never>(
        onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
        onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): Promise<A | B> {
        seen.push('then')
        return super.then(onFulfilled, onRejected)
      }
    }
    const { handler } = layerAnswering(() => Tracked.resolve(new Response('sub')))
    expect(await (await handler(request())).text()).toBe('sub')
    expect(seen).toContain('then')
  })

  it('N2 — a promise’s own then is ignored, as await ignores it', async () => {
    const { handler } = layerAnswering(() =>
      Object.assign(Promise.resolve(new Response('real')), {
        then: () => {
          throw new Error('own then called')
        },
      }),
    )
    const response = await handler(request())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('real')
  })

  it('N3 — a synchronous throw is converted at the layer’s boundary', async () => {
    const { handler, logger } = layerAnswering(() => {
      throw new Error('sync')
    })
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.at('error')).toHaveLength(1)
  })

  it('D1 — a Proxy returned synchronously whose getPrototypeOf trap throws is a 500 naming the layer', async () => {
    const proxy = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap')
        },
      },
    )
    const { handler, logger } = layerAnswering(() => proxy)
    const response = await handler(request())
    expect(response.status).toBe(500)
    expect(logger.at('error')[0]!.message).toContain(
      "Middleware odd didn't return a Response object",
    )
  })
})

describe('N2/N12 — the outermost boundary', () => {
  const outermost = (answer: () => unknown) => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [named('outer', ((_getResponse: Handler) => answer) as never)],
      view: () => new Response('view'),
      logger,
    })
    return { handler, logger }
  }

  it('D1 — an outermost layer returning nothing is a 500, logged once', async () => {
    const { handler, logger } = outermost(async () => undefined)
    expect((await handler(request())).status).toBe(500)
    expect(logger.records).toHaveLength(1)
  })

  it('D2 — an outermost layer’s template response is rendered', async () => {
    const { handler } = outermost(async () => new TemplateResponse(() => 'hi', {}))
    const response = await handler(request())
    expect(await response.text()).toBe('hi')
  })

  it('N12 — an outermost layer that throws synchronously answers 500, logged once', async () => {
    const { handler, logger } = outermost(() => {
      throw new Error('sync')
    })
    expect((await handler(request())).status).toBe(500)
    expect(logger.records).toHaveLength(1)
  })

  it('N12 — an outermost layer rejecting with a 4xx error is logged once, at warn', async () => {
    const { handler, logger } = outermost(() =>
      Promise.reject(Object.assign(new Error('gone'), { status: 410 })),
    )
    expect((await handler(request())).status).toBe(410)
    expect(logger.records.map((record) => record.level)).toEqual(['warn'])
  })
})

describe('N7–N10 — the view without hooks in the way', () => {
  const viewOnly = (view: () => unknown) => {
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [passThrough],
      view: view as () => Response,
      logger,
    })
    return { handler, logger }
  }

  it('N10 — a template response is rendered', async () => {
    const { handler } = viewOnly(async () => new TemplateResponse(() => 'rendered', {}))
    expect(await (await handler(request())).text()).toBe('rendered')
  })

  it('N9 — a Response of another realm passes as it is', async () => {
    const foreign = otherRealmResponse('elsewhere', { status: 202 })
    const { handler } = viewOnly(async () => foreign)
    const response = await handler(request())
    expect(response.status).toBe(202)
  })

  it('N9 — anything else is a 500 naming the view', async () => {
    const { handler, logger } = viewOnly(named('home', async () => ({ status: 200 })))
    expect((await handler(request())).status).toBe(500)
    expect(logger.at('error')[0]!.message).toContain(
      "The view home didn't return a Response object",
    )
  })

  it('N3 — a view that throws synchronously or rejects is converted', async () => {
    for (const view of [
      () => {
        throw new Error('sync')
      },
      () => Promise.reject(new Error('async')),
    ]) {
      const { handler } = viewOnly(view)
      expect((await handler(request())).status).toBe(500)
    }
  })
})
