/**
 * A domain error turned into an HTTP answer by a hook-style class: the view raises
 * `ConflictError`, which is no `HttpError` and would become a 500, and
 * `processException` answers 409 instead.
 *
 * Run it: `npx tsx docs/examples/classics/conflict.ts`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url'
import { createHandler } from 'shallot'
import { fromHooks } from 'shallot/legacy'

/** Raised when a change collides with a newer one (an edit on a stale copy). */
export class ConflictError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ConflictError'
  }
}

/** Turns a `ConflictError` from the view into a 409; leaves other errors alone. */
export class ConflictMiddleware {
  processException(request: Request, error: unknown): Response | undefined {
    if (!(error instanceof ConflictError)) return undefined // the next hook out decides
    return new Response(`409 Conflict: ${error.message}\n`, {
      status: 409,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
}

/** Version 3 of the article is current; saving any other version conflicts. */
export const handler = createHandler({
  middleware: [fromHooks(ConflictMiddleware)],
  view: (request) => {
    const version = request.headers.get('if-match')
    if (version !== '"3"') throw new ConflictError(`the article is at version 3`)
    return new Response('saved')
  },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
})

// Run as a script (not imported): show two requests.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const version of ['"3"', '"2"']) {
    const response = await handler(
      new Request('http://localhost/articles/1', {
        method: 'PUT',
        headers: { 'if-match': version },
      }),
    )
    console.log(version, response.status, (await response.text()).trim())
  }
}
