// Type tests: the misuses that tests/src/misuse.test.ts checks at run time are
// compile errors for a typed caller, so they only reach run time from JavaScript or
// from values typed too loosely (`process.env.DEBUG`, a list built at run time).
import { describe, expectTypeOf, it } from 'vitest'
import { createHandler, type Handler, type HandlerOptions } from '../../src/index.js'

const view = () => new Response('ok')

describe('createHandler options', () => {
  it('debug takes a boolean, not the string an environment variable holds', () => {
    expectTypeOf<HandlerOptions['debug']>().toEqualTypeOf<boolean | undefined>()
    // @ts-expect-error: 'false' is a string, and would turn debug on if accepted
    createHandler({ middleware: [], view, debug: process.env['DEBUG'] })
    expectTypeOf(
      createHandler({ middleware: [], view, debug: process.env['DEBUG'] === '1' }),
    ).toEqualTypeOf<Handler>()
  })

  it('middleware must be a list of factories', () => {
    // @ts-expect-error: one factory, not a list
    createHandler({ middleware: (getResponse: Handler) => getResponse, view })
    // @ts-expect-error: a dotted path, as in Django settings, is not a factory
    createHandler({ middleware: ['app.middleware.Auth'], view })
    // @ts-expect-error: a factory must return a handler, not undefined
    createHandler({ middleware: [() => undefined], view })
  })

  it('exactly one of view and resolve', () => {
    // @ts-expect-error: neither
    createHandler({ middleware: [] })
    // @ts-expect-error: both
    createHandler({ middleware: [], view, resolve: () => ({ view }) })
  })
})
