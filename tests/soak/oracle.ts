/**
 * The answer a plan must get, worked out from the rules alone (never by running the
 * stack): each layer's boundary turns what its layer threw or returned into a response
 * (N2, N3, D1), template responses are rendered where they cross a boundary (D2, N10),
 * a hook layer's `processRequest` answer still goes through its `processResponse`
 * (M3), and one that throws skips it (M4). The bodies say who made them, so a body
 * from the wrong layer, or from another request, shows.
 */
import type {
  Answer,
  LayerPlan,
  LyingLength,
  Plan,
  Step,
  StackShape,
  ViewPlan,
} from './plan.js'

/** The body the client must read. */
export type ExpectedBody =
  | { readonly kind: 'exact'; readonly text: string }
  /** A response made from an exception: `<status> <reason>`, then details in debug. */
  | { readonly kind: 'error-page' }

export interface Expected {
  readonly status: number
  readonly body: ExpectedBody
  /** What transforming layers appended to the body, innermost first. */
  readonly tags: string
  /** Reading the body fails part-way (a stream or a transform errors). */
  readonly fails: boolean
  /** The body is the view's stream, so the view must see it end or be cancelled. */
  readonly fromView: boolean
  /** The body fails on a chunk that is not bytes (`fails` is true too). */
  readonly nonBytes: boolean
  /** A header carries a value `node:http` refuses (the view's file name). */
  readonly refused: boolean
  /** The `Content-Length` the response declares, when it does not match the body. */
  readonly declared: number | undefined
}

/** A template response not yet rendered: it renders at the next boundary. */
type Pending = { readonly pending: { status: number; text: string } | 'failing' }
type Out = Expected | Pending

/** Body texts, shared with the stack so that both sides name the maker alike. */
export const texts = {
  respond: (who: string, id: number) => `r:${who}#${id}`,
  template: (who: string, id: number) => `t:${who}#${id}`,
  view: (id: number) => `view#${id}`,
  chunk: (index: number, id: number) => `c${index}#${id};`,
  tag: (layer: number) => `|T${layer}`,
  /** A `Content-Disposition` whose file name carries 0x01, from `?name=a%01b`. */
  refusedDisposition: 'attachment; filename="a\u0001b.txt"',
}

/** The `Content-Length` a lying view declares for a body of `length` bytes. */
export function declaredLength(lying: Exclude<LyingLength, 'none'>, length: number) {
  return lying === 'short' ? Math.floor(length / 2) : length + 5
}

const plainFacts = {
  tags: '',
  fails: false,
  fromView: false,
  nonBytes: false,
  refused: false,
  declared: undefined,
} as const

/** Who made a body: `L<index>` for a layer (either style), `V` for the view. */
export const layerName = (index: number) => `L${index}`

const errorPage = (status: number): Expected => ({
  ...plainFacts,
  status,
  body: { kind: 'error-page' },
})

const exact = (status: number, text: string): Expected => ({
  ...plainFacts,
  status,
  body: { kind: 'exact', text },
})

/** The view's own headers on a body of `text`: a refused value, a lying length. */
const viewHeaders = (view: ViewPlan, text: string) => ({
  refused: view.refusedHeader,
  declared:
    view.lyingLength === 'none'
      ? undefined
      : declaredLength(view.lyingLength, text.length),
})

function answer(step: Step<Answer>, who: string, id: number): Out {
  switch (step.kind) {
    case 'respond':
      return exact(step.status, texts.respond(who, id))
    case 'template':
      return { pending: { status: step.status, text: texts.template(who, id) } }
    case 'failing-template':
      return { pending: 'failing' }
    case 'throw-http':
      return errorPage(step.status)
    default:
      // An Error, a thrown non-Error, a rejection, `undefined`, a number: all 500.
      return errorPage(500)
  }
}

function rendered(out: Out): Expected {
  if (!('pending' in out)) return out
  return out.pending === 'failing'
    ? errorPage(500)
    : exact(out.pending.status, out.pending.text)
}

function viewOutcome(view: ViewPlan, id: number): Expected {
  switch (view.kind) {
    case 'text': {
      const text = texts.view(id)
      return { ...exact(view.status, text), ...viewHeaders(view, text) }
    }
    case 'stream': {
      let text = ''
      for (let index = 0; index < view.chunks; index++) text += texts.chunk(index, id)
      return { ...exact(view.status, text), fromView: true, ...viewHeaders(view, text) }
    }
    case 'stream-error':
      return { ...exact(view.status, ''), fails: true, fromView: true }
    case 'stream-non-bytes':
      return { ...exact(view.status, ''), fails: true, fromView: true, nonBytes: true }
    default:
      return rendered(answer(view as Step<typeof view.kind>, 'V', id))
  }
}

function transformed(
  out: Out,
  kind: 'transform' | 'transform-error',
  index: number,
): Out {
  // A hook layer may be handed an unrendered template response: nothing to transform.
  if ('pending' in out) return out
  // The new body has no known length: the layer drops the old one, keeps the rest.
  return kind === 'transform'
    ? { ...out, tags: out.tags + texts.tag(index), declared: undefined }
    : { ...out, fails: true, declared: undefined }
}

function outward(layer: LayerPlan, inner: Out, index: number, id: number): Out {
  const { after } = layer
  switch (after.kind) {
    case 'pass':
      return inner
    case 'transform':
    case 'transform-error':
      return transformed(inner, after.kind, index)
    default:
      return answer(after as Step<typeof after.kind>, layerName(index), id)
  }
}

function outcome(plan: Plan, shape: StackShape, index: number): Expected {
  if (index === plan.layers.length) return viewOutcome(plan.view, plan.id)
  const layer = plan.layers[index]!
  const { before } = layer
  const who = layerName(index)
  const inner = (): Expected => outcome(plan, shape, index + 1)
  if (shape.kinds[index] === 'function') {
    if (before.kind !== 'pass') {
      return rendered(answer(before as Step<typeof before.kind>, who, plan.id))
    }
    return rendered(outward(layer, inner(), index, plan.id))
  }
  // A hook layer: `undefined` from processRequest means "go on" (N17).
  switch (before.kind) {
    case 'pass':
    case 'undefined':
      return rendered(outward(layer, inner(), index, plan.id))
    case 'respond':
    case 'template':
    case 'failing-template':
      return rendered(
        outward(
          layer,
          answer(before as Step<typeof before.kind>, who, plan.id),
          index,
          plan.id,
        ),
      )
    default:
      return rendered(answer(before as Step<typeof before.kind>, who, plan.id))
  }
}

/** What the client of `plan` must receive from a stack of `shape`. */
export function expected(plan: Plan, shape: StackShape): Expected {
  return outcome(plan, shape, 0)
}

/**
 * What is wrong with a body read in full, or `undefined`: the exact text, or for an
 * error page `<status> ` first and the tags last; never the secret in production.
 */
export function bodyProblem(
  want: Expected,
  text: string,
  debug: boolean,
  secret: string,
): string | undefined {
  if (want.body.kind === 'exact') {
    const wanted = want.body.text + want.tags
    return text === wanted
      ? undefined
      : `body ${JSON.stringify(text)}, not ${JSON.stringify(wanted)}`
  }
  if (!text.startsWith(`${want.status} `) || !text.endsWith(want.tags)) {
    return `error page ${JSON.stringify(text.slice(0, 200))}, not "${want.status} ..."${want.tags}`
  }
  if (!debug && text.includes(secret)) return 'a production error page shows the error'
  return undefined
}
