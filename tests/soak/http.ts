/**
 * The HTTP driver: the same stacks behind a real `serve()` from shallot/node on
 * 127.0.0.1 and a free port, and real `fetch` clients that read the body, abort before
 * the response, abort mid-body or cancel the body mid-read. The server side checks
 * that every answer ends (sent in full or cut off) and that the view's stream, when it
 * reached the wire, ends too.
 */
import { nodePlatform, serve, type NodeServer } from '../../adapters/node/index.js'
import type { Handler, Logger } from '../../src/index.js'
import { SECRET } from '../support/outcomes.js'
import { attach, FAILED, type RequestContext } from './context.js'
import type { Ledger } from './ledger.js'
import { later } from './local.js'
import { bodyProblem, expected, type Expected } from './oracle.js'
import type { Plan, StackShape } from './plan.js'
import type { Watch } from './watch.js'

/**
 * How long the view's stream may take to hear that the connection closed: the cancel
 * travels through the transforms in a few microtasks, so this only bounds the wait.
 */
const SETTLE_MS = 2_000

/** Whether `promise` settles within `ms`. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  return Promise.race([promise.then(() => true), late]).finally(() =>
    clearTimeout(timer),
  )
}

/** What the Node adapter answers itself when a body fails before its headers. */
const ADAPTER_500 = '500 Internal Server Error\n'

interface Entry {
  readonly context: RequestContext
  readonly handler: Handler
  readonly want: Expected
  readonly shape: StackShape
  /** The client leaves as the server receives the request (`abort-while-handling`). */
  readonly leaves: boolean
  readonly leave: () => void
}

const isAbort = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'AbortError'

const describeError = (error: unknown): string =>
  error instanceof Error
    ? `${error.name}: ${error.message}${error.cause === undefined ? '' : ` (${String(error.cause)})`}`
    : String(error)

/**
 * The adapter's log. A line about a failed body is expected when the plan makes the
 * body fail, or when the failure is the client's leaving (a careful view stops its
 * stream when `request.signal` aborts); the line names the request's URL, hence its
 * plan. Any other line is a failure.
 */
function adapterLogger(
  ledger: Ledger,
  entry: (id: number) => Entry | undefined,
): Logger {
  return {
    debug() {},
    info() {},
    warn: (message) => ledger.fail(`the Node adapter refused a request: ${message}`),
    error: (message, ...details) => {
      const id = /\/soak\/(\d+)/.exec(message)?.[1]
      const known = id === undefined ? undefined : entry(Number(id))
      const after = message.includes('body stream failed after the headers')
      const before = message.includes('could not be written')
      if ((after || before) && isAbort(details[0])) {
        ledger.events.add('HTTP: body stopped because the client left (logged)')
      } else if ((after || before) && known?.want.fails === true) {
        ledger.events.add(
          after
            ? 'HTTP: body failed after the headers (connection closed)'
            : 'HTTP: body failed before the headers (answered 500)',
        )
      } else {
        const why = details.map(describeError).join(' ')
        ledger.fail(
          `the Node adapter logged: ${message} ${why}`,
          known?.context.plan,
          known?.shape,
        )
      }
    },
  }
}

/** A server for the soak's stacks; the request's `x-soak` header names its plan. */
export class HttpDriver {
  readonly #entries = new Map<number, Entry>()
  readonly #ledger: Ledger
  readonly #watch: Watch
  readonly #server: NodeServer
  #base = ''
  /** Plans below this id were forgotten. */
  #forgotten = 0

  private constructor(ledger: Ledger, watch: Watch) {
    this.#ledger = ledger
    this.#watch = watch
    this.#server = serve((request) => this.#dispatch(request), {
      port: 0,
      hostname: '127.0.0.1',
      logger: adapterLogger(ledger, (id) => this.#entries.get(id)),
    })
  }

  static async start(ledger: Ledger, watch: Watch): Promise<HttpDriver> {
    const driver = new HttpDriver(ledger, watch)
    driver.#base = (await driver.#server.ready).url
    return driver
  }

  /**
   * Forgets the plans sent so far. Call it once every answer has ended: until then a
   * request may still reach the server after its client gave up.
   */
  forget(): void {
    for (const id of this.#entries.keys())
      this.#forgotten = Math.max(this.#forgotten, id + 1)
    this.#entries.clear()
  }

  /** Closes the server (connections still open are closed after 1 s) and forgets plans. */
  async close(): Promise<void> {
    await this.#server.close(1_000)
    this.forget()
  }

  #dispatch(request: Request): Promise<Response> {
    const id = Number(request.headers.get('x-soak'))
    const entry = this.#entries.get(id)
    if (entry === undefined) {
      // A request can reach the server after its client gave up on it, even after the
      // checkpoint that forgot its plan; nobody reads the answer.
      if (id < this.#forgotten)
        this.#ledger.events.add('HTTP: arrived after its client left')
      else this.#ledger.fail(`the server got a request with no plan (${id})`)
      return Promise.resolve(new Response(null, { status: 410 }))
    }
    attach(request, entry.context)
    const { res } = nodePlatform(request)!
    const ledger = this.#ledger
    ledger.events.add('HTTP: requests the server saw')
    const closed = res.closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => res.once('close', resolve))
    // A client that leaves as its request arrives: the stack answers once the server
    // has seen the connection close, as a slow stack would.
    const answered = entry.leaves
      ? (entry.leave(), closed.then(() => entry.handler(request)))
      : entry.handler(request)
    // The view runs only once the layers before it are done, maybe after the client
    // left: its stream is looked for once the connection closed and the stack answered.
    const done = Promise.all([closed, answered.catch(() => {})]).then(async () => {
      ledger.events.add(
        res.writableFinished
          ? 'HTTP: answers sent in full'
          : 'HTTP: answers cut off (client gone or body failed)',
      )
      if (!entry.want.fromView) return
      const source = entry.context.source
      if (source === undefined) {
        ledger.fail('the view made no stream', entry.context.plan, entry.shape)
        return
      }
      if (await within(source.done, SETTLE_MS)) {
        ledger.events.add(`view stream ended: ${source.settled}`)
      } else {
        ledger.fail(
          `the view's stream was neither read to its end nor cancelled within ${SETTLE_MS} ms of the connection closing`,
          entry.context.plan,
          entry.shape,
        )
      }
    })
    this.#watch.oblige(`server ${id}`, entry.context.plan, entry.shape, done)
    return answered
  }

  /** Sends `plan` over HTTP as its client plans to, and checks what comes back. */
  async send(handler: Handler, plan: Plan, shape: StackShape): Promise<void> {
    const client = plan.client
    if (client.driver !== 'http') throw new Error('soak: not an HTTP plan')
    const ledger = this.#ledger
    const want = expected(plan, shape)
    const context: RequestContext = { plan, faults: ledger.faults }
    const fail = (message: string): void => ledger.fail(`HTTP: ${message}`, plan, shape)
    const controller = new AbortController()
    let aborted = false
    const abort = (): void => {
      aborted = true
      controller.abort()
    }
    const leaves = client.kind === 'abort-while-handling'
    this.#entries.set(plan.id, { context, handler, want, shape, leaves, leave: abort })
    const pending = fetch(`${this.#base}soak/${plan.id}`, {
      headers: { 'x-soak': String(plan.id) },
      signal: controller.signal,
    })
    const aborting =
      client.kind === 'abort-before-response' ? later(client.delay, abort) : undefined
    let response: Response
    try {
      response = await pending
    } catch (error) {
      await aborting
      if (aborted && isAbort(error)) {
        ledger.endings.add(`aborted (${client.kind})`)
      } else if (want.fails) {
        // The adapter closes the connection when the body fails; what it had written
        // may not have left yet, headers included.
        ledger.events.add('HTTP: connection closed before the headers arrived')
        ledger.endings.add(FAILED)
      } else {
        fail(`fetch failed: ${describeError(error)}`)
      }
      return
    }
    ledger.statuses.add(String(response.status))
    // A body that fails before the adapter sent the headers becomes its own 500.
    const early500 = want.fails && response.status === 500
    if (response.status !== want.status && !early500) {
      fail(`status ${response.status}, not ${want.status}`)
    }

    if (client.kind === 'read') {
      let text: string
      try {
        text = await response.text()
      } catch (error) {
        if (!want.fails) fail(`the body failed: ${describeError(error)}`)
        ledger.endings.add(FAILED)
        return
      }
      if (want.fails) {
        if (!early500 || text !== ADAPTER_500) {
          fail('the body should have failed mid-stream')
        }
        ledger.endings.add(FAILED)
        return
      }
      const problem = bodyProblem(want, text, shape.debug, SECRET)
      if (problem !== undefined) fail(problem)
      ledger.endings.add('complete')
      return
    }

    // Once the signal aborted, the client only cancels the body: undici 6 (Node 20)
    // can leave a read pending forever when the abort lands after the body arrived
    // but before its stream closed (nodejs/undici#4089, nodejs/node#56917).
    const reader = response.body!.getReader()
    try {
      if (client.kind === 'cancel-mid-body' || client.kind === 'abort-mid-body') {
        for (let index = 0; index < client.chunks; index++) {
          if ((await reader.read()).done) break
        }
      }
      if (client.kind === 'abort-mid-body') abort()
      await aborting
      await reader.cancel()
    } catch (error) {
      if (!isAbort(error) && !want.fails)
        fail(`the body failed: ${describeError(error)}`)
    }
    ledger.endings.add(`aborted (${client.kind})`)
  }
}
