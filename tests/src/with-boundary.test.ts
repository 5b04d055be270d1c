/**
 * `withBoundary`: layers that convert their own errors replace the separate boundary
 * `createHandler` would wrap them in (N2 still holds: the outer layer sees a response).
 */
import { describe, expect, it } from 'vitest'
import {
  compose,
  createHandler,
  NotFound,
  TemplateResponse,
  withBoundary,
  type Boundary,
  type Handler,
  type Middleware,
} from '../../src/index.js'
import { recordingLogger, request } from '../support/index.js'

/** A layer whose plain handler returns what `answer` gives; records the boundaries. */
function selfBounding(
  answer: (request: Request) => unknown,
  seen: Boundary[],
): Middleware {
  return function stamping(getResponse: Handler) {
    const plain = (async (request: Request) => {
      await getResponse(request)
      return answer(request)
    }) as Handler
    const make = (boundary: Boundary): Handler => {
      seen.push(boundary)
      return (request) =>
        getResponse(request).then(
          () => {
            try {
              return boundary.settle(answer(request), request)
            } catch (error) {
              return boundary.convert(error, request)
            }
          },
          (error) => boundary.convert(error, request),
        )
    }
    return Object.assign(plain, { [withBoundary]: make })
  }
}

const outer =
  (log: string[]): Middleware =>
  (getResponse) =>
  async (request) => {
    const response = await getResponse(request)
    log.push(`outer saw ${response.status}`)
    return response
  }

describe('withBoundary', () => {
  it('N2 — createHandler uses the self-bounded handler: a thrown NotFound reaches the outer layer as a 404', async () => {
    const seen: Boundary[] = []
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [
        outer(log),
        selfBounding(() => {
          throw new NotFound('gone')
        }, seen),
      ],
      view: () => new Response('view'),
      logger,
    })
    expect(seen).toHaveLength(1)
    const response = await handler(request('/gone'))
    expect(response.status).toBe(404)
    expect(log).toEqual(['outer saw 404'])
    expect(logger.at('warn').map((record) => record.message)).toEqual([
      'Not Found: GET /gone',
    ])
  })

  it('D1 — settle turns a non-response into a 500 naming the layer', async () => {
    const log: string[] = []
    const logger = recordingLogger()
    const handler = createHandler({
      middleware: [outer(log), selfBounding(() => undefined, [])],
      view: () => new Response('view'),
      logger,
    })
    expect((await handler(request())).status).toBe(500)
    expect(log).toEqual(['outer saw 500'])
    expect(logger.at('error')[0]!.message).toContain(
      "Middleware stamping didn't return a Response object. It returned undefined instead.",
    )
  })

  it('D2 — settle renders a template response at the layer', async () => {
    const handler = createHandler({
      middleware: [selfBounding(() => new TemplateResponse(() => 'rendered', {}), [])],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    // The outermost layer is wrapped as usual (the top also logs), so put one outside.
    const stacked = createHandler({
      middleware: [
        outer([]),
        selfBounding(() => new TemplateResponse(() => 'rendered', {}), []),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    expect(await (await handler(request())).text()).toBe('rendered')
    expect(await (await stacked(request())).text()).toBe('rendered')
  })

  it('N2 — settle hands a Response back as it is, at once (no promise step)', async () => {
    const seen: Boundary[] = []
    const answer = new Response('stamped', { status: 201 })
    const handler = createHandler({
      middleware: [outer([]), selfBounding(() => answer, seen)],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    expect(seen[0]!.settle(answer, request())).toBe(answer)
    expect(await handler(request())).toBe(answer)
  })

  it('the outermost layer runs its plain handler inside the top boundary, and compose never asks', async () => {
    const seen: Boundary[] = []
    const handler = createHandler({
      middleware: [
        selfBounding(() => {
          throw new NotFound('from the plain handler')
        }, seen),
      ],
      view: () => new Response('view'),
      logger: recordingLogger(),
    })
    // Asked at build time (the outermost is known only once the loop ends), unused.
    expect(seen).toHaveLength(1)
    expect((await handler(request())).status).toBe(404)
    const composed = compose(
      selfBounding(() => {
        throw new Error('plain handlers reject')
      }, seen),
    )(async () => new Response('view'))
    await expect(composed(request())).rejects.toThrow('plain handlers reject')
    expect(seen).toHaveLength(1)
  })
})
