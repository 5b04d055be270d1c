/**
 * API misuse of the legacy adapters: an instance instead of a class, a class with no
 * hooks, a hook that is not a function, a misspelt hook, a constructor that throws, a
 * value of the wrong kind. Each fails when the stack is built (`legacyStack()`,
 * `createHandler()` around `fromHooks`, `fromMiddy()`, `fromKoa()`), never at the first
 * request, with `ImproperlyConfigured` naming the class and the culprit hook. Both
 * runners reject a class in the same words (O1, O3, M2, N1).
 */
import { describe, expect, it } from 'vitest'
import { compareStacks } from '../../../adapters/migrate/index.js'
import {
  fromHooks,
  legacyStack,
  type HookClass,
} from '../../../adapters/legacy/index.js'
import { fromKoa, type KoaMiddleware } from '../../../adapters/koa/index.js'
import { fromMiddy, type MiddyMiddleware } from '../../../adapters/middy/index.js'
import {
  createHandler,
  ImproperlyConfigured,
  MiddlewareNotUsed,
  type View,
} from '../../../src/index.js'
import { dynamic } from '../../support/index.js'

const view: View = () => new Response('view')

/** What `run` throws; fails the test when it returns. */
function thrown(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a throw')
}

/** The error each runner throws at build time for a stack of one class. */
function buildErrors(HookClass: unknown): { old: Error; new: Error } {
  return {
    old: thrown(() => legacyStack({ middleware: dynamic([HookClass]), view })),
    new: thrown(() =>
      createHandler({ middleware: [fromHooks(HookClass as HookClass)], view }),
    ),
  }
}

/** Both runners throw `ImproperlyConfigured` with exactly `message`. */
function expectBothReject(HookClass: unknown, message: string): void {
  const errors = buildErrors(HookClass)
  expect(errors.old).toBeInstanceOf(ImproperlyConfigured)
  expect(errors.new).toBeInstanceOf(ImproperlyConfigured)
  expect(errors.old.message).toBe(message)
  expect(errors.new.message).toBe(message)
}

const ALL_HOOKS =
  'processRequest, processView, processTemplateResponse, processResponse and processException'

describe('an instance, or another value, where a class belongs', () => {
  class Auth {
    processRequest() {
      return undefined
    }
  }

  it('O1/M2 — an instance instead of its class: both name the class and the fix', () => {
    const hint = 'got an instance of Auth (pass the class itself: Auth, not new Auth())'
    expect(
      thrown(() => legacyStack({ middleware: dynamic([Auth, new Auth()]), view })),
    ).toEqual(
      new ImproperlyConfigured(
        `legacyStack() middleware[1] must be a class with process* hooks, ${hint}.`,
      ),
    )
    expect(thrown(() => fromHooks(new Auth() as unknown as HookClass))).toEqual(
      new ImproperlyConfigured(
        `fromHooks() needs a class with process* hooks, ${hint}.`,
      ),
    )
  })

  it.each([
    ['a string', 'Auth'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { processRequest() {} }],
    ['an object', Object.create(null) as object],
    ['an arrow function', () => undefined],
  ])('O1/M2 — %s: both runners say what they got, at once', (described, value) => {
    expect(thrown(() => legacyStack({ middleware: dynamic([value]), view }))).toEqual(
      new ImproperlyConfigured(
        `legacyStack() middleware[0] must be a class with process* hooks, got ${described}.`,
      ),
    )
    expect(thrown(() => fromHooks(value as unknown as HookClass))).toEqual(
      new ImproperlyConfigured(
        `fromHooks() needs a class with process* hooks, got ${described}.`,
      ),
    )
  })

  it('compareStacks: a list that is not an array, or a bad entry in it, fails before any request', async () => {
    await expect(
      compareStacks({ middleware: Auth as unknown as [], view, requests: [] }),
    ).rejects.toEqual(
      new ImproperlyConfigured(
        'compareStacks() middleware must be an array of hook classes.',
      ),
    )
    await expect(
      compareStacks({ middleware: dynamic([new Auth()]), view, requests: [] }),
    ).rejects.toThrow(/^legacyStack\(\) middleware\[0\] .* got an instance of Auth/)
  })

  it('compareStacks: neither view nor resolve gets legacyStack’s message, before any request', async () => {
    await expect(
      compareStacks({ middleware: [Auth], requests: [{ url: '/' }] } as never),
    ).rejects.toEqual(
      new ImproperlyConfigured(
        'legacyStack() needs exactly one of view (a function answering every request) ' +
          'and resolve (a function choosing the view for a request).',
      ),
    )
  })
})

describe('a class shallot would never call', () => {
  it('O3/M7 — a class with no hooks at all fails the build, named', () => {
    class Empty {}
    expectBothReject(
      Empty,
      `Empty defines no hooks: shallot would never call it. Define at least one of ${ALL_HOOKS}.`,
    )
  })

  it('O3 — static hooks are not hooks: the message says to drop `static`', () => {
    class Statics {
      static processRequest() {
        return undefined
      }
      static processResponse(_request: Request, response: Response) {
        return response
      }
    }
    expectBothReject(
      Statics,
      'Statics defines static processRequest, processResponse: hooks must be instance methods (drop static).',
    )
  })

  it('O3 — a class left out by MiddlewareNotUsed needs no hooks (the check follows the constructor)', async () => {
    class Off {
      constructor() {
        throw new MiddlewareNotUsed('off')
      }
    }
    const old = legacyStack({ middleware: [Off], view })
    const neu = createHandler({ middleware: [fromHooks(Off)], view })
    expect(await (await old(new Request('http://localhost/'))).text()).toBe('view')
    expect(await (await neu(new Request('http://localhost/'))).text()).toBe('view')
  })
})

describe('a hook that is not a function', () => {
  it.each([
    ['processRequest', 'yes', 'a string'],
    ['processView', null, 'null'],
    ['processResponse', { status: 200 }, 'an object'],
    ['processException', 0, 'a number'],
    ['processTemplateResponse', new Map(), 'an instance of Map'],
  ])(
    'O3/M7 — %s set to %j fails the build, naming class and hook',
    (hook, value, described) => {
      class Config {
        constructor() {
          Object.assign(this, { [hook]: value })
        }
        processRequest() {
          return undefined
        }
      }
      expectBothReject(Config, `Config.${hook} must be a function, got ${described}.`)
    },
  )
})

describe('a misspelt hook', () => {
  it('O3/M2 — Django’s snake_case: the message every runner uses, with the right name', () => {
    class Legacy {
      process_request() {
        return undefined
      }
    }
    expectBothReject(
      Legacy,
      'Legacy defines process_request (write processRequest): shallot calls camelCase hooks only.',
    )
  })

  it('O3/M2 — another case (processresponse): named, with the right spelling', () => {
    class Lower {
      processresponse(_request: Request, response: Response) {
        return response
      }
    }
    expectBothReject(
      Lower,
      'Lower defines processresponse (write processResponse): shallot calls camelCase hooks only.',
    )
  })

  it('O3/M2 — a letter off (processRequests), and as a field: named with the hooks that exist', () => {
    class Plural {
      processRequests() {
        return undefined
      }
      processExeption = () => undefined
    }
    expectBothReject(
      Plural,
      'Plural defines processExeption (write processException), processRequests (write processRequest): ' +
        `shallot calls only ${ALL_HOOKS}.`,
    )
  })

  it('O3 — a name close to a hook the class also defines is a helper, not a misspelling', async () => {
    class Helper {
      processRequest(request: Request) {
        return this.processRequests([request])
      }
      processRequests(requests: Request[]) {
        return requests.length > 1 ? new Response('many') : undefined
      }
    }
    const old = legacyStack({ middleware: [Helper], view })
    const neu = createHandler({ middleware: [fromHooks(Helper)], view })
    expect(await (await old(new Request('http://localhost/'))).text()).toBe('view')
    expect(await (await neu(new Request('http://localhost/'))).text()).toBe('view')
  })

  it('O3 — an anonymous class is named `anonymous`', () => {
    const [Anonymous] = [
      class {
        process_view() {
          return undefined
        }
      },
    ]
    expectBothReject(
      Anonymous,
      'anonymous defines process_view (write processView): shallot calls camelCase hooks only.',
    )
  })
})

describe('a constructor that throws', () => {
  it('O1/N1 — fails the build (not the first request), naming the class, the error as cause', () => {
    const boom = new RangeError('no database')
    class Broken {
      constructor() {
        throw boom
      }
      processRequest() {
        return undefined
      }
    }
    const errors = buildErrors(Broken)
    for (const error of [errors.old, errors.new]) {
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect(error.message).toBe(
        'Broken cannot be built: its constructor threw RangeError: no database.',
      )
      expect(error.cause).toBe(boom)
    }
  })

  it('O1/N1 — a thrown value that is not an Error is described', () => {
    class Odd {
      constructor() {
        throw 'no database'
      }
      processRequest() {
        return undefined
      }
    }
    expectBothReject(Odd, 'Odd cannot be built: its constructor threw a string.')
  })
})

describe('fromMiddy and fromKoa given the wrong kind of value', () => {
  class Cors {
    processResponse(_request: Request, response: Response) {
      return response
    }
  }

  it('fromMiddy — a class: says it is a class and where hook classes go', () => {
    expect(thrown(() => fromMiddy(Cors as unknown as MiddyMiddleware))).toEqual(
      new ImproperlyConfigured(
        'fromMiddy() middleware[0] must be an object with before, after or onError, ' +
          'got the class Cors (a hook class goes through fromHooks(Cors)).',
      ),
    )
    const [Anonymous] = [class {}]
    expect(thrown(() => fromMiddy(Anonymous as unknown as MiddyMiddleware))).toEqual(
      new ImproperlyConfigured(
        'fromMiddy() middleware[0] must be an object with before, after or onError, ' +
          'got the class anonymous (a hook class goes through fromHooks(anonymous)).',
      ),
    )
  })

  it.each([
    [null, 'got null.'],
    ['cors', 'got a string.'],
    [
      Object.assign(() => undefined, { displayName: 'x' }),
      'got the function factory (call it: factory(), not factory).',
    ],
  ])('fromMiddy — %j: says what it got', (value, tail) => {
    expect(thrown(() => fromMiddy(value as unknown as MiddyMiddleware))).toEqual(
      new ImproperlyConfigured(
        `fromMiddy() middleware[0] must be an object with before, after or onError, ${tail}`,
      ),
    )
  })

  it('fromMiddy — a hook that is an array: named, with what it is', () => {
    expect(
      thrown(() => fromMiddy({ before: [] } as unknown as MiddyMiddleware)),
    ).toEqual(
      new ImproperlyConfigured(
        'fromMiddy() middleware[0].before must be a function, got an array.',
      ),
    )
  })

  it('fromKoa — a class: refused at once (it would fail every request), with where it goes', () => {
    expect(thrown(() => fromKoa(Cors as unknown as KoaMiddleware))).toEqual(
      new ImproperlyConfigured(
        'fromKoa() middleware[0] is the class Cors, not a (ctx, next) function. ' +
          'A hook class goes through fromHooks(Cors).',
      ),
    )
    const [Anonymous] = [class {}]
    expect(
      thrown(() =>
        fromKoa(async (_ctx, next) => next(), Anonymous as unknown as KoaMiddleware),
      ),
    ).toEqual(
      new ImproperlyConfigured(
        'fromKoa() middleware[1] is the class anonymous, not a (ctx, next) function. ' +
          'A hook class goes through fromHooks(anonymous).',
      ),
    )
  })

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [new Cors(), 'an object'],
  ])('fromKoa — %j: says what it got', (value, described) => {
    expect(thrown(() => fromKoa(value as unknown as KoaMiddleware))).toEqual(
      new ImproperlyConfigured(
        `fromKoa() middleware[0] is ${described}, not a (ctx, next) function.`,
      ),
    )
  })
})
