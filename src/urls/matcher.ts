/**
 * Resolving (Django's `URLResolver.resolve`, U1–U6): the patterns flattened into
 * endpoints in list order, indexed by the literal segments their routes start with,
 * so a lookup tries only the routes that can match the path's first segments, in
 * their list order (U2), instead of every route.
 *
 * @module
 */
import { MethodNotAllowed } from '../errors.js'
import type { ViewArgs, ViewKwargs } from '../types.js'
import { captured } from './decode.js'
import type { EndpointSpec, Spec } from './patterns.js'
import type { Piece } from './pieces.js'

/** A route to a view with its include prefixes: what a lookup tries. */
export interface Endpoint {
  /** Its place in list order. */
  readonly index: number
  /** The prefix routes, then its own (U3). */
  readonly pieces: readonly Piece[]
  /** The full route, for `UrlMatch.route` and messages. */
  readonly route: string
  /** The full name, namespaces included. */
  readonly name: string | undefined
  readonly spec: EndpointSpec
  /** Whether the route has extra kwargs (U7). */
  readonly extra: boolean
  /** The whole path, for a route without parameters: compared, not matched. */
  readonly exact: string | undefined
}

/** The patterns in list order, includes expanded (Django tries them depth first). */
export function flatten(
  specs: readonly Spec[],
  prefix: readonly Piece[] = [],
  namespaces: readonly string[] = [],
  out: Endpoint[] = [],
): Endpoint[] {
  for (const spec of specs) {
    const pieces = [...prefix, spec.piece]
    if (spec.kind === 'include') {
      const inner =
        spec.namespace === undefined ? namespaces : [...namespaces, spec.namespace]
      flatten(spec.patterns, pieces, inner, out)
      continue
    }
    out.push({
      index: out.length,
      pieces,
      route: pieces.map((piece) => piece.source).join(''),
      name: spec.name === undefined ? undefined : [...namespaces, spec.name].join(':'),
      spec,
      extra: Object.keys(spec.kwargs).length > 0,
      exact: pieces.every((piece) => piece.kind === 'path' && piece.params.length === 0)
        ? pieces.map((piece) => piece.source).join('')
        : undefined,
    })
  }
  return out
}

/** A node of the index: one literal segment deeper. */
interface Node {
  readonly children: Map<string, Node>
  /** The endpoints whose literal segments end here. */
  readonly own: Endpoint[]
  /** The endpoints a path reaching no deeper than here can match, in list order. */
  candidates: readonly Endpoint[]
}

const node = (): Node => ({ children: new Map(), own: [], candidates: [] })

/** The whole segments (each followed by `/`) an endpoint's route starts with. */
function literalSegments(endpoint: Endpoint): string[] {
  let literal = ''
  for (const piece of endpoint.pieces) {
    literal += piece.literal
    if (piece.kind === 're' || piece.params.length > 0) break
  }
  return literal.split('/').slice(0, -1)
}

/** Fills in each node's candidates: its ancestors' and its own, in list order. */
function settle(at: Node, above: readonly Endpoint[]): void {
  at.candidates = [...above, ...at.own].sort((a, b) => a.index - b.index)
  for (const child of at.children.values()) settle(child, at.candidates)
}

/** The index of the endpoints by their literal leading segments. */
export function index(
  endpoints: readonly Endpoint[],
): (path: string) => readonly Endpoint[] {
  const root = node()
  for (const endpoint of endpoints) {
    let at = root
    for (const segment of literalSegments(endpoint)) {
      let next = at.children.get(segment)
      if (next === undefined) at.children.set(segment, (next = node()))
      at = next
    }
    at.own.push(endpoint)
  }
  settle(root, [])
  return (path) => {
    let at = root
    let start = 0
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', start)) {
      const next = at.children.get(path.slice(start, slash))
      if (next === undefined) break
      at = next
      start = slash + 1
    }
    return at.candidates
  }
}

const NO_ARGS: readonly unknown[] = Object.freeze([])

/** A match's positional and named arguments. */
export interface Arguments {
  readonly args: ViewArgs
  readonly kwargs: ViewKwargs
}

/**
 * Matches an endpoint's pieces one after the other, each from where the last ended
 * (U3), converting the captured text (U4); `undefined` when a piece does not match or
 * a converter refuses (U5). `rePath` named groups give string kwargs and, without
 * named groups, the unnamed ones give args (U6); extra kwargs win (U7).
 */
export function matchEndpoint(endpoint: Endpoint, path: string): Arguments | undefined {
  if (endpoint.exact !== undefined) {
    if (path !== endpoint.exact) return undefined
    return { args: NO_ARGS, kwargs: { ...endpoint.spec.kwargs } }
  }
  let position = 0
  // Django: positional args only when nothing is named (U6).
  let named = endpoint.extra
  const kwargs: Record<string, unknown> = {}
  const args: unknown[] = []
  for (const piece of endpoint.pieces) {
    piece.regex.lastIndex = position
    const match = piece.regex.exec(path)
    if (match === null) return undefined
    position = piece.regex.lastIndex
    if (piece.kind === 're') {
      const groups = Object.entries(match.groups ?? {})
      if (groups.length === 0)
        args.push(...match.slice(1).map((text) => text && captured(text)))
      for (const [name, text] of groups) {
        if (text === undefined) continue
        kwargs[name] = captured(text)
        named = true
      }
      continue
    }
    for (const param of piece.params) {
      try {
        kwargs[param.name] = param.converter.toValue(captured(match[param.group]!))
      } catch {
        return undefined
      }
      named = true
    }
  }
  if (endpoint.extra) Object.assign(kwargs, endpoint.spec.kwargs)
  return { args: named ? NO_ARGS : args, kwargs }
}

/** What a lookup found: the endpoint and its arguments. */
export interface Found extends Arguments {
  readonly endpoint: Endpoint
}

/**
 * The first endpoint that matches the path and accepts the method (U2); HEAD goes to
 * the first GET route unless a route accepts HEAD itself.
 *
 * @throws MethodNotAllowed when the path matches only routes for other methods.
 */
export function find(
  candidates: readonly Endpoint[],
  path: string,
  method: string,
): Found | undefined {
  let fallback: Found | undefined
  let allowed: Set<string> | undefined
  for (const endpoint of candidates) {
    const matched = matchEndpoint(endpoint, path)
    if (matched === undefined) continue
    const { methods } = endpoint.spec
    if (methods === undefined || methods.includes(method))
      return { endpoint, ...matched }
    const get = methods.includes('GET')
    if (method === 'HEAD' && get) fallback ??= { endpoint, ...matched }
    allowed ??= new Set()
    for (const name of get ? [...methods, 'HEAD'] : methods) allowed.add(name)
  }
  if (fallback !== undefined) return fallback
  if (allowed !== undefined) throw new MethodNotAllowed([...allowed])
  return undefined
}
