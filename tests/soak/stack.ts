/**
 * Soak stacks: function layers and hook classes (`fromHooks`), sometimes grouped with
 * `compose`, around one view, built by `createHandler`. Each layer reads what to do
 * from the plan of the request in hand: pass, short-circuit, throw an `Error` or
 * another value, reject, return `undefined` or a non-response, return a (failing)
 * `TemplateResponse`, wait a microtask or a timer, or pipe the body through a
 * `TransformStream` that may error mid-stream. The view answers with text, a streamed
 * body (which may error mid-stream, and may stop when `request.signal` aborts) or a
 * fault of its own.
 */
import { fromHooks } from '../../adapters/legacy/index.js'
import {
  compose,
  createHandler,
  HttpError,
  TemplateResponse,
  type AnyMiddleware,
  type Handler,
  type Logger,
  type View,
} from '../../src/index.js'
import { dynamic, named } from '../support/index.js'
import { SECRET } from '../support/outcomes.js'
import { contextOf, type RequestContext, type Source } from './context.js'
import { declaredLength, layerName, texts } from './oracle.js'
import type {
  AfterKind,
  Answer,
  Delay,
  NonBytes,
  StackShape,
  Step,
  Thrown,
  ViewPlan,
} from './plan.js'

const encoder = new TextEncoder()

function thrownValue(thrown: Thrown | 'error', who: string): unknown {
  switch (thrown) {
    case 'error':
      return new Error(`${SECRET} ${who}`)
    case 'string':
      return `${SECRET} ${who}`
    case 'null':
      return null
    case 'undefined':
      return undefined
    case 'object':
      return Object.assign(Object.create(null) as object, { secret: SECRET })
    case 'number':
      return 42
  }
}

/** Resolves after a few microtasks or a 1 ms timer, counting the delay as a fault. */
function wait(context: RequestContext, delay: Exclude<Delay, 'none'>): Promise<void> {
  context.faults.add(`delay (${delay === 'micro' ? 'microtasks' : 'timer'})`)
  return delay === 'micro'
    ? Promise.resolve().then(() => {})
    : new Promise((resolve) => setTimeout(resolve, 1))
}

/** Runs `act` now, or after the step's delay. */
function after<T>(
  context: RequestContext,
  delay: Delay,
  act: () => T,
): T | Promise<Awaited<T>> {
  return delay === 'none'
    ? act()
    : (wait(context, delay).then(act) as Promise<Awaited<T>>)
}

/** What a step answers with: returned, or thrown (synchronously, or as a rejection). */
function answer(
  context: RequestContext,
  step: Step<Answer>,
  who: string,
  where: 'before' | 'after' | 'view',
): unknown {
  const { id } = context.plan
  const { faults } = context
  switch (step.kind) {
    case 'respond':
      faults.add(where === 'before' ? 'short-circuit' : 'replace the response')
      return new Response(texts.respond(who, id), { status: step.status })
    case 'template':
      faults.add('TemplateResponse')
      return new TemplateResponse(
        (context: { text: string }) => context.text,
        { text: texts.template(who, id) },
        { status: step.status },
      )
    case 'failing-template':
      faults.add('TemplateResponse that fails to render')
      return new TemplateResponse(() => {
        throw new Error(`${SECRET} ${who} render`)
      }, {})
    case 'throw-error':
      faults.add('throw an Error')
      throw new Error(`${SECRET} ${who}`)
    case 'throw-http':
      faults.add('throw an HttpError')
      throw new HttpError(step.status, `${SECRET} ${who}`)
    case 'throw-value':
      faults.add('throw a non-Error')
      throw thrownValue(step.thrown, who)
    case 'reject':
      faults.add(
        step.thrown === 'error' ? 'reject with an Error' : 'reject with a non-Error',
      )
      return Promise.reject(thrownValue(step.thrown, who))
    case 'undefined':
      faults.add('return undefined')
      return undefined
    case 'not-a-response':
      faults.add('return a non-response')
      return 42
  }
}

/** The body piped through a `TransformStream` that appends a tag, or errors. */
function transformed(
  context: RequestContext,
  response: Response,
  index: number,
  fails: boolean,
): Response {
  if (response.body === null) return response
  context.faults.add(fails ? 'transform that errors mid-stream' : 'transform the body')
  const failure = (): Error => new Error(`${SECRET} transform ${layerName(index)}`)
  let seen = 0
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (fails && ++seen >= 2) throw failure()
        controller.enqueue(chunk)
      },
      flush(controller) {
        if (fails) throw failure()
        controller.enqueue(encoder.encode(texts.tag(index)))
      },
    }),
  )
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(body, { status: response.status, headers })
}

/** A layer's way out: keep, transform (a `Response` only) or replace the response. */
function outward(
  context: RequestContext,
  step: Step<AfterKind>,
  index: number,
  response: unknown,
): unknown {
  switch (step.kind) {
    case 'pass':
      return response
    case 'transform':
    case 'transform-error':
      return response instanceof Response
        ? transformed(context, response, index, step.kind === 'transform-error')
        : response
    default:
      return answer(context, step as Step<typeof step.kind>, layerName(index), 'after')
  }
}

function functionLayer(index: number): AnyMiddleware {
  return named(layerName(index), (getResponse: Handler) => (request: Request) => {
    const context = contextOf(request)
    const { before, after: out } = context.plan.layers[index]!
    // Not async: a step that throws throws synchronously, as a careless layer does.
    return after(context, before.delay, () =>
      before.kind === 'pass'
        ? getResponse(request).then((response) =>
            after(context, out.delay, () => outward(context, out, index, response)),
          )
        : answer(
            context,
            before as Step<typeof before.kind>,
            layerName(index),
            'before',
          ),
    ) as Promise<Response>
  })
}

function hookLayer(index: number): AnyMiddleware {
  const Hooks = class {
    processRequest(request: Request): unknown {
      const context = contextOf(request)
      const { before } = context.plan.layers[index]!
      return after(context, before.delay, () =>
        before.kind === 'pass'
          ? undefined
          : answer(
              context,
              before as Step<typeof before.kind>,
              layerName(index),
              'before',
            ),
      )
    }

    processResponse(request: Request, response: Response): unknown {
      const context = contextOf(request)
      const { after: out } = context.plan.layers[index]!
      return after(context, out.delay, () => outward(context, out, index, response))
    }
  }
  Object.defineProperty(Hooks, 'name', { value: `Hooks${index}` })
  return fromHooks(Hooks as never)
}

function nonBytesChunk(kind: NonBytes, index: number, id: number): unknown {
  switch (kind) {
    case 'string':
      return texts.chunk(index, id)
    case 'number':
      return 42
    case 'object':
      return { chunk: index }
  }
}

/**
 * The view's headers: a content type for a stream, a file name `node:http` refuses,
 * a `Content-Length` that does not match `text`, as its plan says; counted as faults.
 */
function viewHeaders(
  context: RequestContext,
  view: ViewPlan,
  text: string,
  stream: boolean,
): Headers {
  const headers = new Headers()
  if (stream) headers.set('content-type', 'text/plain; charset=utf-8')
  if (view.refusedHeader) {
    context.faults.add('header value Node refuses')
    headers.set('content-disposition', texts.refusedDisposition)
  }
  if (view.lyingLength !== 'none') {
    context.faults.add(`lying Content-Length (${view.lyingLength})`)
    headers.set('content-length', String(declaredLength(view.lyingLength, text.length)))
  }
  return headers
}

/** The view's streamed body; `context.source` tells when (and how) it ends. */
function source(
  context: RequestContext,
  request: Request,
  view: ViewPlan,
): ReadableStream {
  const { id } = context.plan
  const signal = view.listens ? request.signal : undefined
  let settle!: (how: Exclude<Source['settled'], false>) => void
  const tracked: Source = {
    settled: false,
    done: new Promise<void>((resolve) => {
      settle = (how) => {
        if (tracked.settled !== false) return
        tracked.settled = how
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
    }),
  }
  context.source = tracked
  context.faults.add(
    view.kind === 'stream'
      ? 'view streams'
      : view.kind === 'stream-error'
        ? 'view stream that errors'
        : `view streams a non-bytes chunk (${view.nonBytes})`,
  )
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const onAbort = (): void => {
    if (tracked.settled !== false) return
    controller.error(signal!.reason)
    settle('aborted')
  }
  let sent = 0
  const produce = (): void => {
    if (tracked.settled !== false) return
    if (view.kind === 'stream-error' && sent === view.failAt) {
      controller.error(new Error(`${SECRET} view stream`))
      settle('errored')
      return
    }
    controller.enqueue(
      view.kind === 'stream-non-bytes' && sent === view.failAt - 1
        ? (nonBytesChunk(view.nonBytes, sent, id) as Uint8Array)
        : encoder.encode(texts.chunk(sent, id)),
    )
    sent++
    if (view.kind !== 'stream-error' && sent === view.chunks) {
      controller.close()
      settle('closed')
    }
  }
  return new ReadableStream<Uint8Array>({
    start(made) {
      controller = made
      if (signal === undefined) return
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    },
    pull: () => after(context, view.chunkDelay, produce),
    cancel: () => settle('cancelled'),
  })
}

const view: View = function view(request) {
  const context = contextOf(request)
  const plan = context.plan.view
  return after(context, plan.delay, () => {
    switch (plan.kind) {
      case 'text': {
        const text = texts.view(context.plan.id)
        return new Response(text, {
          status: plan.status,
          headers: viewHeaders(context, plan, text, false),
        })
      }
      case 'stream':
      case 'stream-error':
      case 'stream-non-bytes': {
        let text = ''
        for (let index = 0; index < plan.chunks; index++) {
          text += texts.chunk(index, context.plan.id)
        }
        return new Response(source(context, request, plan), {
          status: plan.status,
          headers: viewHeaders(context, plan, text, true),
        })
      }
      default:
        return answer(context, plan as Step<typeof plan.kind>, 'V', 'view')
    }
  }) as Response
}

/** The handler for a stack of `shape`, logging to `logger`. */
export function buildStack(shape: StackShape, logger: Logger): Handler {
  const layers = shape.kinds.map((kind, index) =>
    kind === 'function' ? functionLayer(index) : hookLayer(index),
  )
  const middleware: AnyMiddleware[] = []
  let next = 0
  for (const [start, end] of shape.groups) {
    middleware.push(...layers.slice(next, start), compose(...layers.slice(start, end)))
    next = end
  }
  middleware.push(...layers.slice(next))
  return createHandler({
    middleware: dynamic(middleware),
    view,
    logger,
    debug: shape.debug,
  })
}
