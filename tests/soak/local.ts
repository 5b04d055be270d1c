/**
 * The in-process driver: a `Request` straight into the handler, then a client that
 * reads the body, cancels it part-way, or aborts `request.signal` (before the call,
 * during it, or mid-body) and then cancels the body, as a server does when its client
 * goes away.
 */
import type { Handler } from '../../src/index.js'
import { SECRET } from '../support/outcomes.js'
import { attach, FAILED, type RequestContext } from './context.js'
import type { Ledger } from './ledger.js'
import { bodyProblem, expected } from './oracle.js'
import type { Delay, Plan, StackShape } from './plan.js'

/** Resolves after `fn` ran, a microtask, a few microtasks or a 1 ms timer from now. */
export function later(delay: Delay, fn: () => void): Promise<void> {
  if (delay === 'timer') {
    return new Promise((resolve) =>
      setTimeout(() => {
        fn()
        resolve()
      }, 1),
    )
  }
  const start = Promise.resolve()
  return (delay === 'none' ? start : start.then(() => {}).then(() => {})).then(fn)
}

/** Reads up to `count` chunks; false once the body ended. */
async function readSome(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  count: number,
): Promise<boolean> {
  for (let index = 0; index < count; index++) {
    if ((await reader.read()).done) return false
  }
  return true
}

/**
 * The body as text, read the way a careful consumer does: a chunk that is not bytes
 * cancels the body (which `Response.text()` leaves to its caller) and fails the read.
 */
async function carefulText(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (body === null) return ''
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    if (!((value as unknown) instanceof Uint8Array)) {
      await reader.cancel().catch(() => {})
      throw new TypeError(`soak: a body chunk that is not bytes (${typeof value})`)
    }
    text += decoder.decode(value, { stream: true })
  }
}

export async function sendLocal(
  handler: Handler,
  plan: Plan,
  shape: StackShape,
  ledger: Ledger,
): Promise<void> {
  const client = plan.client
  if (client.driver !== 'local') throw new Error('soak: not a local plan')
  const want = expected(plan, shape)
  const context: RequestContext = { plan, faults: ledger.faults }
  const aborts = client.kind.startsWith('abort')
  const controller = aborts ? new AbortController() : undefined
  const request = new Request(
    `http://soak.test/${plan.id}`,
    controller === undefined ? {} : { signal: controller.signal },
  )
  attach(request, context)
  const abort = (): void => controller!.abort()
  if (client.kind === 'abort-before') abort()
  const aborted =
    client.kind === 'abort-during' ? later(client.delay, abort) : undefined

  let response: unknown
  try {
    response = await handler(request)
  } catch (error) {
    ledger.fail(`the handler rejected: ${String(error)}`, plan, shape)
    return
  }
  if (!(response instanceof Response)) {
    ledger.fail(`the handler resolved with ${String(response)}`, plan, shape)
    return
  }
  ledger.statuses.add(String(response.status))
  if (response.status !== want.status) {
    ledger.fail(`status ${response.status}, not ${want.status}`, plan, shape)
  }

  if (client.kind === 'read') {
    let text: string
    try {
      text = want.nonBytes ? await carefulText(response.body) : await response.text()
    } catch (error) {
      if (!want.fails) ledger.fail(`the body failed: ${String(error)}`, plan, shape)
      return settle(context, want.fromView, ledger, shape, FAILED)
    }
    if (want.fails) {
      ledger.fail('the body should have failed mid-stream', plan, shape)
      return settle(context, want.fromView, ledger, shape, 'complete')
    }
    const problem = bodyProblem(want, text, shape.debug, SECRET)
    if (problem !== undefined) ledger.fail(problem, plan, shape)
    return settle(context, want.fromView, ledger, shape, 'complete')
  }

  await aborted
  const body = response.body
  if (body !== null) {
    const reader = body.getReader()
    try {
      if (client.kind === 'cancel' || client.kind === 'abort-mid-body') {
        await readSome(reader, client.chunks)
      }
    } catch {
      // The stream may fail (as planned, or once aborted) before the client stops.
    }
    if (client.kind === 'abort-mid-body') abort()
    // A stream that already failed rejects the cancel with its error: nothing to see.
    await reader.cancel().catch(() => {})
  }
  return settle(context, want.fromView, ledger, shape, `aborted (${client.kind})`)
}

/** Waits for the view's stream to end, when its body reached the client. */
async function settle(
  context: RequestContext,
  fromView: boolean,
  ledger: Ledger,
  shape: StackShape,
  ending: string,
): Promise<void> {
  if (fromView) {
    if (context.source === undefined) {
      ledger.fail('the view made no stream', context.plan, shape)
    } else {
      await context.source.done
      ledger.events.add(`view stream ended: ${context.source.settled}`)
    }
  }
  ledger.endings.add(ending)
}
