/**
 * One set of hook classes, two runners, the same answers: what Django 1.10's
 * `MiddlewareMixin` made possible. `legacyStack` runs the classes as an old-style
 * (`MIDDLEWARE_CLASSES`) stack; `createHandler` with `fromHooks` runs them in the
 * onion. Neither class changes.
 *
 * The one rule that makes a class work under both: its constructor must not need an
 * argument. `fromHooks` passes `getResponse`; `legacyStack` passes nothing.
 *
 * Run it: `npx tsx docs/examples/classics/both-styles.ts`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url'
import { createHandler, type Handler } from 'shallot'
import { fromHooks, legacyStack } from 'shallot/legacy'
import { ConflictError, ConflictMiddleware } from './conflict.js'
import { IpAllowListMiddleware } from './ip-allow-list.js'

/** Marks every response; its constructor takes `getResponse` when there is one. */
export class PoweredByMiddleware {
  constructor(readonly getResponse?: Handler) {}

  processResponse(request: Request, response: Response): Response {
    response.headers.set('x-powered-by', 'shallot')
    return response
  }
}

/** The classes, outermost (top) first: the one list both runners take. */
export const classes = [
  PoweredByMiddleware,
  IpAllowListMiddleware,
  ConflictMiddleware,
] as const

/** `/save` conflicts; everything else is a page. */
export const view = (request: Request): Response => {
  if (new URL(request.url).pathname === '/save') {
    throw new ConflictError('the article is at version 3')
  }
  return new Response('a page')
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** The old style: hook classes as Django's `MIDDLEWARE_CLASSES` ran them. */
export const oldStyle = legacyStack({
  middleware: classes,
  view,
  logger: quiet,
})

/** The new style: the same classes, unchanged, as layers of the onion. */
export const newStyle = createHandler({
  middleware: classes.map((HookClass) => fromHooks(HookClass)),
  view,
  logger: quiet,
})

// Run as a script (not imported): ask both the same three questions.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const requests = [
    ['/', '10.0.0.7'],
    ['/', '203.0.113.9'],
    ['/save', '10.0.0.7'],
  ] as const
  for (const [path, address] of requests) {
    for (const [style, handler] of [
      ['old', oldStyle],
      ['new', newStyle],
    ] as const) {
      const response = await handler(
        new Request(`http://localhost${path}`, {
          headers: { 'x-forwarded-for': address },
        }),
      )
      console.log(
        style,
        path,
        address,
        response.status,
        response.headers.get('x-powered-by'),
      )
    }
  }
}
