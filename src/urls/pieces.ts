/**
 * One route's part of a URL, compiled: Django's `RoutePattern` (`path()` syntax, U3,
 * U4) and `RegexPattern` (`rePath()`, U6), each a sticky regex that matches from where
 * the enclosing `include()` prefix ended.
 *
 * @module
 */
import { ImproperlyConfigured } from '../errors.js'
import { show } from '../internal/describe.js'
import { BUILT_IN, type Converter, type Converters } from './converters.js'

/** A `<converter:name>` of a route, with the regex group that captures it. */
export interface Param {
  readonly name: string
  readonly converter: Converter<any>
  /** The index of its capturing group in the piece's regex. */
  readonly group: number
  /** The converter's regex, anchored, which `reverse` checks `toUrl`'s text with. */
  readonly whole: RegExp
}

/** A compiled route or regex. */
export interface Piece {
  /** The route or regex as written, for messages. */
  readonly source: string
  /** Matches at `lastIndex` (sticky); an endpoint's `path()` route is anchored at the end. */
  readonly regex: RegExp
  readonly kind: 'path' | 're'
  /** `path()`: literal text and parameters in order, for `reverse`. */
  readonly parts: readonly (string | Param)[]
  /** `path()`: the parameters. */
  readonly params: readonly Param[]
  /** The literal text the route starts with (all of it when it has no parameter). */
  readonly literal: string
}

const PARAM = /<(?:([^>:]+):)?([^>]+)>/g
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `text` as a regex that matches it literally. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** How many capturing groups a regex source has. */
const groupsIn = (source: string): number =>
  new RegExp(`${source}|`).exec('')!.length - 1

/** A regex source compiled, or `ImproperlyConfigured` naming the route. */
function compile(source: string, flags: string, who: string): RegExp {
  try {
    return new RegExp(source, flags)
  } catch (error) {
    throw new ImproperlyConfigured(`${who} is not a valid regular expression.`, {
      cause: error,
    })
  }
}

/** Refuses what can never match: a route is matched without its leading slash (U1). */
function assertRoute(route: unknown, who: string): asserts route is string {
  if (typeof route !== 'string') {
    throw new ImproperlyConfigured(`${who} route must be a string, got ${show(route)}.`)
  }
  if (route.startsWith('/') || route.startsWith('^')) {
    throw new ImproperlyConfigured(
      `${who} route ${show(route)} starts with ${show(route[0])}: routes are matched ` +
        'without the leading slash, so write it without one.',
    )
  }
}

/**
 * Compiles a `path()` route: each `<converter:name>` becomes a group of its converter's
 * regex, the rest matches literally; anchored at the end for an endpoint (U3).
 *
 * @throws ImproperlyConfigured for a name that is not an identifier, an unknown
 *   converter, a name used twice, or a converter without a string `regex`.
 */
export function routePiece(
  route: unknown,
  endpoint: boolean,
  converters: Converters,
): Piece {
  const who = 'path()'
  assertRoute(route, who)
  const parts: (string | Param)[] = []
  let source = ''
  let group = 1
  let last = 0
  for (const match of route.matchAll(PARAM)) {
    const [text, kind = 'str', name = ''] = match
    const literal = route.slice(last, match.index)
    last = match.index + text.length
    if (literal !== '') parts.push(literal)
    source += escape(literal)
    if (!IDENTIFIER.test(name)) {
      throw new ImproperlyConfigured(
        `${who} route ${show(route)} uses parameter name ${show(name)}, which is not an identifier.`,
      )
    }
    if (parts.some((part) => typeof part !== 'string' && part.name === name)) {
      throw new ImproperlyConfigured(
        `${who} route ${show(route)} uses ${show(name)} twice.`,
      )
    }
    const converter = Object.hasOwn(converters, kind)
      ? converters[kind]
      : Object.hasOwn(BUILT_IN, kind)
        ? BUILT_IN[kind]
        : undefined
    if (converter === undefined || typeof converter.regex !== 'string') {
      throw new ImproperlyConfigured(
        `${who} route ${show(route)} uses converter ${show(kind)}, which ` +
          (converter === undefined
            ? 'is neither built in (int, str, slug, uuid, path) nor in its converters option.'
            : 'has no string regex.'),
      )
    }
    const whole = compile(`^(?:${converter.regex})$`, '', `Converter ${show(kind)}`)
    parts.push({ name, converter, group, whole })
    source += `(${converter.regex})`
    group += 1 + groupsIn(converter.regex)
  }
  const rest = route.slice(last)
  if (rest !== '') parts.push(rest)
  source += escape(rest)
  const params = parts.filter((part): part is Param => typeof part !== 'string')
  const first = parts[0]
  return {
    source: route,
    regex: compile(
      endpoint ? `${source}$` : source,
      'y',
      `${who} route ${show(route)}`,
    ),
    kind: 'path',
    parts,
    params,
    literal: typeof first === 'string' ? first : '',
  }
}

/**
 * Compiles a `rePath()` regex (Python's `(?P<name>...)` is accepted), matched from
 * the start of what is left of the path: a leading `^` is implied.
 */
export function regexPiece(regex: unknown): Piece {
  const who = 'rePath()'
  const body = typeof regex === 'string' ? regex.replace(/^\^/, '') : regex
  assertRoute(body, who)
  const source = body.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
  return {
    source: `^${body}`,
    regex: compile(source, 'y', `${who} regex ${show(body)}`),
    kind: 're',
    parts: [],
    params: [],
    literal: '',
  }
}
