/**
 * `requestId`: one id per request, accepted from the client when it looks like one,
 * provided to the layers inside and echoed on the response.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../errors.js'
import { provide } from '../../provide.js'
import type { Middleware } from '../../types.js'
import { editHeaders } from '../../internal/header-edits.js'
import {
  assertFunction,
  assertOptions,
  assertToken,
} from '../../internal/option-checks.js'
import { show } from '../../internal/describe.js'

/** `requestId`'s options; every one is optional. */
export interface RequestIdOptions {
  /** The request and response header carrying the id. Default `'x-request-id'`. */
  readonly header?: string | undefined
  /**
   * Which incoming ids to keep: a `RegExp` the whole id must match, a function
   * `(id, request) => boolean`, or `false` to always generate. Default: 1 to 200
   * characters of `A-Z a-z 0-9 . _ ~ : / + = -`. There is no "trust anything": the id
   * goes into a response header and usually into logs.
   */
  readonly trust?:
    RegExp | ((id: string, request: Request) => boolean) | false | undefined
  /**
   * Makes a new id; must return a non-empty string of printable ASCII. Default
   * `() => crypto.randomUUID()`.
   */
  readonly generate?: (() => string) | undefined
}

/** The default `trust`: ids as proxies and tracers make them, nothing to escape. */
const SAFE_ID = /^[A-Za-z0-9._~:/+=-]{1,200}$/
/** A header value with no leading or trailing space (Fetch §2.2 "header value"). */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

/** Turns the `trust` option into a predicate, checked once at build time. */
function trustPredicate(
  trust: RequestIdOptions['trust'],
): (id: string, request: Request) => boolean {
  if (trust === undefined) return (id) => SAFE_ID.test(id)
  if (trust === false) return () => false
  if (trust instanceof RegExp) {
    // Without `g`/`y`, whose lastIndex would make test() depend on the last request.
    const pattern = new RegExp(trust.source, trust.flags.replace(/[gy]/g, ''))
    return (id) => pattern.exec(id)?.[0] === id
  }
  if (typeof trust === 'function') return trust
  throw new ImproperlyConfigured(
    `requestId() option trust must be a RegExp, a function (id, request) => boolean or false, got ${show(trust)}` +
      (trust === true
        ? ': echoing any client value into a header is unsafe; pass the pattern your ids follow.'
        : '.'),
  )
}

/**
 * Gives every request an id: the one in the `x-request-id` header when it matches the
 * `trust` pattern, else a new one from `generate`. The layers inside and the view read
 * it as `request.requestId` (typed, through `provide`), and the response carries it in
 * the same header, replacing one an inner layer set. A response whose headers are
 * immutable is copied into a new one that shares its body, unread.
 *
 * An id the client sent is kept only when it matches the pattern in full, so a value
 * with spaces, quotes, `<` or a comma (two headers joined) is replaced, never echoed.
 * Put `requestId` first in the stack, so that error pages and every other layer's
 * responses carry the id.
 *
 * @param options - `header` (default `'x-request-id'`), `trust` (default: 1 to 200
 *   characters of `[A-Za-z0-9._~:/+=-]`), `generate` (default
 *   `() => crypto.randomUUID()`).
 * @returns A `Middleware<{}, { requestId: string }>`.
 * @throws ImproperlyConfigured at once for an unknown option, a `header` that is not
 *   a header name, a `trust` that is not a RegExp, a function or `false`, or a
 *   `generate` that is not a function. A `generate` that returns something other than
 *   a non-empty printable ASCII string throws a `TypeError` at request time (a 500).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { requestId } from 'shallot/middleware'
 *
 * const handler = createHandler({
 *   middleware: [requestId({ generate: () => 'generated-1' })],
 *   view: (request) => new Response(`id ${request.requestId}`),
 * })
 * const kept = await handler(
 *   new Request('http://localhost/', { headers: { 'x-request-id': 'edge-42' } }),
 * )
 * console.log(await kept.text(), kept.headers.get('x-request-id')) // id edge-42 edge-42
 * const replaced = await handler(
 *   new Request('http://localhost/', { headers: { 'x-request-id': '<script>' } }),
 * )
 * console.log(replaced.headers.get('x-request-id')) // generated-1
 * ```
 */
export function requestId(options?: RequestIdOptions): Middleware<
  {},
  {
    /** The request's id: the client's, when trusted, or a generated one. */
    requestId: string
  }
> {
  assertOptions(options, ['header', 'trust', 'generate'], 'requestId()')
  const {
    header = 'x-request-id',
    trust,
    generate = () => crypto.randomUUID(),
  } = options ?? {}
  assertToken(header, 'requestId() option header')
  const trusted = trustPredicate(trust)
  assertFunction(generate, 'requestId() option generate')
  const fresh = (): string => {
    const id: unknown = generate()
    if (typeof id !== 'string' || !HEADER_VALUE.test(id)) {
      throw new TypeError(
        `requestId() generate returned ${show(id)}; it must return a non-empty string of printable ASCII.`,
      )
    }
    return id
  }
  return function requestId(getResponse) {
    return async (request) => {
      const incoming = request.headers.get(header)
      const id = incoming !== null && trusted(incoming, request) ? incoming : fresh()
      const response = await getResponse(provide(request, { requestId: id }))
      return editHeaders(response, (headers) => headers.set(header, id))
    }
  }
}
