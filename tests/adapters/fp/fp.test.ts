/**
 * fp-ts interop: `handlerFromTaskEither`, `middlewareFromTaskEither`,
 * `hookFromOption`.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { fromHooks } from '../../../adapters/legacy/index.js'
import { createHandler, NotFound, PermissionDenied } from '../../../src/index.js'
import {
  handlerFromTaskEither,
  hookFromOption,
  middlewareFromTaskEither,
} from '../../../adapters/fp/index.js'
import {
  calls,
  layer,
  recordingLogger,
  recordingView,
  request,
} from '../../support/index.js'

describe('handlerFromTaskEither', () => {
  it('N8 — a Right resolves to the response; a Left rejects with the left value', async () => {
    const failure = new NotFound('nope')
    const handler = handlerFromTaskEither((req: Request) =>
      req.url.endsWith('/1') ? TE.right(new Response('one')) : TE.left(failure),
    )
    expect(await (await handler(request('/1'))).text()).toBe('one')
    await expect(handler(request('/2'))).rejects.toBe(failure)
  })

  it('N3/N8 — as a view: a Left HttpError becomes its status, and processException sees the Left', async () => {
    const failure = new NotFound('no such article')
    const seen: unknown[] = []
    class Watch {
      processException(_request: Request, error: unknown) {
        seen.push(error)
      }
    }
    const handler = createHandler({
      middleware: [fromHooks(Watch)],
      view: handlerFromTaskEither(() => TE.left(failure)),
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(404)
    expect(seen).toEqual([failure])
  })

  it('N3 — as a view: a Left that is not an Error becomes a 500', async () => {
    const handler = createHandler({
      middleware: [],
      view: handlerFromTaskEither(() => TE.left('just a string')),
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(500)
  })

  it('N7 — as a view: a Right TaskEither built with pipe/map works', async () => {
    const handler = createHandler({
      middleware: [],
      view: handlerFromTaskEither(() =>
        pipe(
          TE.right<never, string>('mapped'),
          TE.map((body) => new Response(body)),
        ),
      ),
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('mapped')
  })
})

describe('middlewareFromTaskEither', () => {
  it('N18 — next(request) runs the inner layers; the Right is the layer’s response', async () => {
    const log: string[] = []
    const header = middlewareFromTaskEither((req, next) =>
      pipe(
        next(req),
        TE.map((response) => {
          response.headers.set('x-fp', 'yes')
          return response
        }),
      ),
    )
    const handler = createHandler({
      middleware: [layer('A', log), header, layer('C', log)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.headers.get('x-fp')).toBe('yes')
    expect(await response.text()).toBe('view')
    expect(log).toEqual(
      calls('A.before → C.before → view → C.after[200] → A.after[200]'),
    )
  })

  it('N2 — a Left is converted at this layer’s boundary; the outer layer sees the response, inner layers never run', async () => {
    const log: string[] = []
    const staffOnly = middlewareFromTaskEither((req, next) =>
      req.headers.get('x-staff') === 'yes'
        ? next(req)
        : TE.left(new PermissionDenied('staff')),
    )
    const handler = createHandler({
      middleware: [layer('A', log), staffOnly, layer('C', log)],
      view: recordingView(log),
      logger: recordingLogger(),
    })
    const denied = await handler(request())
    expect(denied.status).toBe(403)
    expect(log).toEqual(calls('A.before → A.after[403]'))
    const allowed = await handler(request('/view/', { headers: { 'x-staff': 'yes' } }))
    expect(allowed.status).toBe(200)
  })

  it('N2 — next never fails: an inner error arrives as a Right holding the converted response', async () => {
    const seen: string[] = []
    const inspect = middlewareFromTaskEither((req, next) =>
      pipe(
        next(req),
        TE.mapLeft((left) => {
          seen.push('left')
          return left
        }),
        TE.map((response) => {
          seen.push(`right ${response.status}`)
          return response
        }),
      ),
    )
    const handler = createHandler({
      middleware: [inspect],
      view: () => {
        throw new NotFound('x')
      },
      logger: recordingLogger(),
    })
    expect((await handler(request())).status).toBe(404)
    expect(seen).toEqual(['right 404'])
  })
})

describe('hookFromOption', () => {
  it('N17 — Some(response) answers; None passes on (undefined)', async () => {
    const hook = hookFromOption((_request: Request, error: unknown) =>
      error instanceof RangeError
        ? O.some(new Response('range', { status: 416 }))
        : O.none,
    )
    const answered = await hook(request(), new RangeError('r'))
    expect(answered).toBeInstanceOf(Response)
    expect(answered!.status).toBe(416)
    expect(await hook(request(), new Error('e'))).toBeUndefined()
  })

  it('N17 — accepts a promise of an Option', async () => {
    const hook = hookFromOption(async () => O.some(new Response('later')))
    expect(await (await hook())!.text()).toBe('later')
  })

  it('N8/N17 — as processException and processView in a stack', async () => {
    const log: string[] = []
    class Hooks {
      processView = hookFromOption((_request: Request) => {
        log.push('processView')
        return O.none
      })
      processException = hookFromOption((_request: Request, error: unknown) =>
        error instanceof RangeError
          ? O.some(new Response('handled', { status: 416 }))
          : O.none,
      )
    }
    const handler = createHandler({
      middleware: [fromHooks(Hooks)],
      view: () => {
        throw new RangeError('out of range')
      },
      logger: recordingLogger(),
    })
    const response = await handler(request())
    expect(response.status).toBe(416)
    expect(log).toEqual(['processView'])

    const other = createHandler({
      middleware: [fromHooks(Hooks)],
      view: () => {
        throw new Error('other')
      },
      logger: recordingLogger(),
    })
    expect((await other(request())).status).toBe(500)
  })

  it('M3/N17 — as processRequest: Some short-circuits, None goes on to the view', async () => {
    class Gate {
      processRequest = hookFromOption((req: Request) =>
        req.headers.has('x-block')
          ? O.some(new Response('blocked', { status: 429 }))
          : O.none,
      )
    }
    const handler = createHandler({
      middleware: [fromHooks(Gate)],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    expect(
      (await handler(request('/v/', { headers: { 'x-block': '1' } }))).status,
    ).toBe(429)
    expect(await (await handler(request())).text()).toBe('view')
  })
})
