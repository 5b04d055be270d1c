// Type tests: requestId provides a typed request.requestId; timed keeps a middleware's type.
import { describe, expectTypeOf, it } from 'vitest'
import { createHandler, provide, type Middleware, type Req } from '../../src/index.js'
import {
  requestId,
  serverTiming,
  timed,
  timingReport,
  type TimingEntry,
} from '../../src/middleware/index.js'

describe('requestId types', () => {
  it('is a Middleware<{}, { requestId: string }>', () => {
    expectTypeOf(requestId()).toEqualTypeOf<Middleware<{}, { requestId: string }>>()
  })

  it('inner layers and the view see request.requestId as a string', () => {
    const logId: Middleware<{ requestId: string }> = (getResponse) => (request) => {
      expectTypeOf(request.requestId).toEqualTypeOf<string>()
      return getResponse(request)
    }
    createHandler({
      middleware: [requestId(), logId],
      view: (request) => {
        expectTypeOf(request).toEqualTypeOf<Req<{ requestId: string }>>()
        return new Response(request.requestId)
      },
    })
  })

  it('a layer that needs the id must come after requestId', () => {
    const logId: Middleware<{ requestId: string }> = (getResponse) => getResponse
    createHandler({
      // @ts-expect-error: logId needs requestId, which is provided only further in
      middleware: [logId, requestId()],
      view: () => new Response('ok'),
    })
  })
})

describe('timing types', () => {
  it('timed(name, m) has the type of m, so order checks still apply', () => {
    const user: Middleware<{ requestId: string }, { user: string }> =
      (getResponse) => (request) =>
        getResponse(provide(request, { user: request.requestId }))
    expectTypeOf(timed('user', user)).toEqualTypeOf(user)
    createHandler({
      middleware: [serverTiming(), requestId(), timed('user', user)],
      view: (request) => new Response(request.user),
    })
    createHandler({
      // @ts-expect-error: user needs requestId
      middleware: [timed('user', user), requestId()],
      view: () => new Response('ok'),
    })
  })

  it('onReport receives readonly entries and the request', () => {
    timingReport((entries, request) => {
      expectTypeOf(entries).toEqualTypeOf<readonly TimingEntry[]>()
      expectTypeOf(request).toEqualTypeOf<Request>()
      // @ts-expect-error: entries are read-only
      entries[0]!.duration = 1
    })
  })
})
