/**
 * `reverse` (Django's `URLResolver.reverse`, U8): the URL of a named route from its
 * kwargs, built by the first route of that name whose converters accept them.
 *
 * @module
 */
import { show } from '../internal/describe.js'
import { quote } from './decode.js'
import type { Endpoint } from './matcher.js'

/**
 * Django's `NoReverseMatch`: `reverse` found no route of that name that accepts the
 * kwargs (an unknown name, a missing or extra kwarg, a value its converter refuses).
 *
 * @example
 * ```ts
 * import { NoReverseMatch, path, urls } from 'shallot/urls'
 *
 * const { reverse } = urls([path('users/<int:id>/', () => new Response('a user'), { name: 'user' })])
 * try {
 *   reverse('user', { id: -1 })
 * } catch (error) {
 *   console.log(error instanceof NoReverseMatch) // true
 * }
 * ```
 */
export class NoReverseMatch extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'NoReverseMatch'
  }
}

/** The path `endpoint` gives for `kwargs`, or `undefined` if it does not accept them. */
function build(
  endpoint: Endpoint,
  kwargs: Readonly<Record<string, unknown>>,
): string | undefined {
  const defaults = endpoint.spec.kwargs
  const params = endpoint.pieces.flatMap((piece) => piece.params)
  // Django's rule: exactly the parameters, plus extra kwargs only with the route's values.
  for (const key of Object.keys(kwargs)) {
    if (params.some((param) => param.name === key)) continue
    if (!Object.hasOwn(defaults, key) || !Object.is(defaults[key], kwargs[key]))
      return undefined
  }
  let out = ''
  for (const piece of endpoint.pieces) {
    for (const part of piece.parts) {
      if (typeof part === 'string') {
        out += part
        continue
      }
      if (!Object.hasOwn(kwargs, part.name)) return undefined
      let text: unknown
      try {
        text = part.converter.toUrl(kwargs[part.name])
      } catch {
        return undefined
      }
      if (typeof text !== 'string' || !part.whole.test(text)) return undefined
      out += text
    }
  }
  // A `.` or `..` segment (escaped or not) is removed by every URL parser: the URL
  // would not lead back to the route.
  if (DOT_SEGMENT.test(out)) return undefined
  let url: string
  try {
    url = `/${quote(out)}`
  } catch {
    // A lone surrogate cannot be percent-encoded.
    return undefined
  }
  // Django's `escape_leading_slashes`: `//x` would be a host, not a path.
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url
}

const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/

/** Kwargs as a message shows them: `id: 3, slug: "a"`. */
const shown = (kwargs: Readonly<Record<string, unknown>>): string =>
  Object.entries(kwargs)
    .map(([key, value]) => `${key}: ${show(value)}`)
    .join(', ')

/** `reverse` over endpoints grouped by name. */
export function reverser(endpoints: readonly Endpoint[]) {
  const byName = new Map<string, Endpoint[]>()
  for (const endpoint of endpoints) {
    // A `rePath()` route is not reversible: its regex is not a template.
    if (
      endpoint.name === undefined ||
      endpoint.pieces.some((piece) => piece.kind === 're')
    )
      continue
    const named = byName.get(endpoint.name)
    if (named === undefined) byName.set(endpoint.name, [endpoint])
    else named.push(endpoint)
  }
  return (name: string, kwargs: Readonly<Record<string, unknown>> = {}): string => {
    const named = byName.get(name)
    if (named === undefined) {
      throw new NoReverseMatch(
        `Reverse for ${show(name)} not found: no path() route has that name.`,
      )
    }
    for (const endpoint of named) {
      const url = build(endpoint, kwargs)
      if (url !== undefined) return url
    }
    throw new NoReverseMatch(
      `Reverse for ${show(name)} with kwargs {${shown(kwargs)}} not found. ` +
        `${named.length} pattern(s) tried: ${named.map((endpoint) => show(endpoint.route)).join(', ')}.`,
    )
  }
}
