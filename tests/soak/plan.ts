/**
 * What one soak request does: for each layer of its stack, what the layer does on the
 * way in and on the way out; what the view does; what the client does. Plans are drawn
 * from a seeded generator, so a run can be repeated from its seed.
 */
import type { Random, Weights } from './random.js'

/** Waiting before a step: not at all, a few microtasks, or a 0–1 ms timer. */
export type Delay = 'none' | 'micro' | 'timer'

/** What a layer, hook or view may answer with instead of passing the request on. */
export type Answer =
  | 'respond'
  | 'template'
  | 'failing-template'
  | 'throw-error'
  | 'throw-http'
  | 'throw-value'
  | 'reject'
  | 'undefined'
  | 'not-a-response'

/** A layer on the way in: call the inner layers, or answer itself. */
export type BeforeKind = 'pass' | Answer

/** A layer on the way out: keep the response, transform its body, or replace it. */
export type AfterKind = 'pass' | 'transform' | 'transform-error' | Answer

/**
 * What the view does. `stream-non-bytes` streams a chunk that is not a `Uint8Array`
 * among its bytes, as a careless view does (a string, a number, an object).
 */
export type ViewKind =
  'text' | 'stream' | 'stream-error' | 'stream-non-bytes' | Exclude<Answer, 'respond'>

/** What a `stream-non-bytes` view enqueues in place of one chunk's bytes. */
export type NonBytes = 'string' | 'number' | 'object'

/**
 * A `Content-Length` the view declares that its body does not have: none, shorter
 * than the body, or longer.
 */
export type LyingLength = 'none' | 'short' | 'long'

/** Values a layer throws or rejects with instead of an `Error`. */
export type Thrown = 'string' | 'null' | 'undefined' | 'object' | 'number'

/** One step of a layer, hook or view. */
export interface Step<K extends string> {
  readonly kind: K
  readonly delay: Delay
  /** The status of `respond`, `template` and `throw-http`. */
  readonly status: number
  /** What `throw-value` throws and `reject` rejects with (`reject` also uses `error`). */
  readonly thrown: Thrown | 'error'
}

/** What one layer does for this request. */
export interface LayerPlan {
  readonly before: Step<BeforeKind>
  readonly after: Step<AfterKind>
}

/** What the view does for this request. */
export interface ViewPlan extends Step<ViewKind> {
  /** Chunks of a streamed body (1–5). */
  readonly chunks: number
  /** `stream-error`: the chunk index at which the stream errors (1 to `chunks`). */
  readonly failAt: number
  /** Delay before each chunk. */
  readonly chunkDelay: Delay
  /** Whether the stream errors itself when `request.signal` aborts (a careful view). */
  readonly listens: boolean
  /** `stream-non-bytes`: the chunk at index `failAt - 1` is this instead of bytes. */
  readonly nonBytes: NonBytes
  /**
   * `text` and `stream`: a header value with a control character, which `Headers`
   * accepts and `node:http` refuses (a file name taken from the query).
   */
  readonly refusedHeader: boolean
  /** `text` and `stream`: a `Content-Length` that does not match the body. */
  readonly lyingLength: LyingLength
}

/** In-process clients: read it all, cancel the body, or abort `request.signal`. */
export type LocalClient =
  'read' | 'cancel' | 'abort-before' | 'abort-during' | 'abort-mid-body'

/**
 * HTTP clients (real `fetch`): read it all, abort (before the request is sent or as it
 * arrives), abort mid-body, or cancel the body mid-read.
 */
export type HttpClient =
  | 'read'
  | 'abort-before-response'
  /** Aborts as the server receives the request; the stack answers a closed connection. */
  | 'abort-while-handling'
  | 'abort-mid-body'
  | 'cancel-mid-body'

export type ClientPlan =
  | {
      readonly driver: 'local'
      readonly kind: LocalClient
      /** Chunks read before cancelling or aborting. */
      readonly chunks: number
      readonly delay: Delay
    }
  | {
      readonly driver: 'http'
      readonly kind: HttpClient
      readonly chunks: number
      readonly delay: Delay
    }

/** How a stack was built: the kind of each layer (outermost first) and the mode. */
export interface StackShape {
  readonly kinds: readonly ('function' | 'hooks')[]
  /** Where `compose` groups layers: the index of each group's first layer. */
  readonly groups: readonly (readonly [number, number])[]
  readonly debug: boolean
  /**
   * The stack's logger (and the Node adapter's, for this stack's requests) counts its
   * lines, or counts them and then throws, as a logger whose transport is down does.
   */
  readonly logger: 'counts' | 'throws'
}

/** Everything one request does. */
export interface Plan {
  readonly id: number
  readonly layers: readonly LayerPlan[]
  readonly view: ViewPlan
  readonly client: ClientPlan
}

const DELAYS: Weights<Delay> = [
  ['none', 75],
  ['micro', 17],
  ['timer', 8],
]

const BEFORE: Weights<BeforeKind> = [
  ['pass', 82],
  ['respond', 3],
  ['template', 2],
  ['failing-template', 1],
  ['throw-error', 2],
  ['throw-http', 2],
  ['throw-value', 2],
  ['reject', 2],
  ['undefined', 2],
  ['not-a-response', 2],
]

const AFTER: Weights<AfterKind> = [
  ['pass', 55],
  ['transform', 12],
  ['transform-error', 4],
  ['respond', 4],
  ['template', 3],
  ['failing-template', 2],
  ['throw-error', 4],
  ['throw-http', 4],
  ['throw-value', 3],
  ['reject', 4],
  ['undefined', 3],
  ['not-a-response', 2],
]

const VIEW: Weights<ViewKind> = [
  ['text', 25],
  ['stream', 35],
  ['stream-error', 8],
  ['stream-non-bytes', 4],
  ['template', 8],
  ['failing-template', 4],
  ['throw-error', 4],
  ['throw-http', 4],
  ['throw-value', 3],
  ['reject', 4],
  ['undefined', 3],
  ['not-a-response', 2],
]

const LOCAL_CLIENTS: Weights<LocalClient> = [
  ['read', 75],
  ['cancel', 10],
  ['abort-before', 4],
  ['abort-during', 7],
  ['abort-mid-body', 4],
]

const HTTP_CLIENTS: Weights<HttpClient> = [
  ['read', 68],
  ['abort-before-response', 6],
  ['abort-while-handling', 6],
  ['abort-mid-body', 10],
  ['cancel-mid-body', 10],
]

const RESPOND_STATUSES = [200, 201, 203, 404, 503] as const
const TEMPLATE_STATUSES = [200, 404] as const
const HTTP_ERROR_STATUSES = [400, 403, 404, 409, 429, 503] as const
const THROWN: readonly Thrown[] = ['string', 'null', 'undefined', 'object', 'number']
const NON_BYTES: readonly NonBytes[] = ['string', 'number', 'object']
const LENGTHS: Weights<LyingLength> = [
  ['none', 94],
  ['short', 3],
  ['long', 3],
]
// Over HTTP the wire shows what these faults do (a 500, a desync), so more of them.
const HTTP_LENGTHS: Weights<LyingLength> = [
  ['none', 70],
  ['short', 15],
  ['long', 15],
]

function statusFor(random: Random, kind: string): number {
  if (kind === 'throw-http') return random.pick(HTTP_ERROR_STATUSES)
  if (kind === 'template') return random.pick(TEMPLATE_STATUSES)
  return random.pick(RESPOND_STATUSES)
}

function step<K extends string>(random: Random, table: Weights<K>): Step<K> {
  const kind = random.weighted(table)
  return {
    kind,
    delay: random.weighted(DELAYS),
    status: statusFor(random, kind),
    thrown: kind === 'reject' && random.chance(0.5) ? 'error' : random.pick(THROWN),
  }
}

/** A stack of 0–6 layers, about a third of them hook classes, sometimes composed. */
export function drawStack(random: Random): StackShape {
  const depth = random.between(0, 6)
  const kinds = Array.from({ length: depth }, () =>
    random.chance(0.3) ? ('hooks' as const) : ('function' as const),
  )
  const groups: (readonly [number, number])[] = []
  for (let index = 0; index < depth - 1; index++) {
    if (random.chance(0.2)) {
      const end = random.between(index + 2, depth)
      groups.push([index, end])
      index = end - 1
    }
  }
  return {
    kinds,
    groups,
    debug: random.chance(0.1),
    logger: random.chance(0.15) ? 'throws' : 'counts',
  }
}

/** One request's plan for a stack of `depth` layers. */
export function drawPlan(
  random: Random,
  id: number,
  depth: number,
  driver: 'local' | 'http',
): Plan {
  const layers = Array.from({ length: depth }, () => ({
    before: step(random, BEFORE),
    after: step(random, AFTER),
  }))
  const chunks = random.between(1, 5)
  const viewStep = step(random, VIEW)
  // Headers and lengths are the view's own only while its body is plain text or bytes.
  const plain = viewStep.kind === 'text' || viewStep.kind === 'stream'
  const view: ViewPlan = {
    ...viewStep,
    chunks,
    failAt: random.between(1, chunks),
    chunkDelay: random.weighted(DELAYS),
    listens: random.chance(0.5),
    nonBytes: random.pick(NON_BYTES),
    refusedHeader: plain && random.chance(driver === 'http' ? 0.1 : 0.03),
    lyingLength: plain
      ? random.weighted(driver === 'http' ? HTTP_LENGTHS : LENGTHS)
      : 'none',
  }
  const delay = random.weighted(DELAYS)
  const read = random.between(0, 2)
  const client: ClientPlan =
    driver === 'local'
      ? { driver, kind: random.weighted(LOCAL_CLIENTS), chunks: read, delay }
      : { driver, kind: random.weighted(HTTP_CLIENTS), chunks: read, delay }
  return { id, layers, view, client }
}
