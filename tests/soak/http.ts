/**
 * The HTTP driver: the same stacks behind a real `serve()` from shallot/node on
 * 127.0.0.1 and a free port, and real `fetch` clients that read the body, abort before
 * the response, abort mid-body or cancel the body mid-read. The server side checks
 * that every answer ends (sent in full or cut off) and that the view's stream, when it
 * reached the wire, ends too.
 */
import { connect } from 'node:net'
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

/** The ending of a read cut by a closed connection, the body shorter than declared. */
const CLOSED_ON_LENGTH = 'connection closed short of a lying Content-Length'

/** The request pipelined behind a lying length, and its answer's body. */
const PROBE = 'probe'

/**
 * Everything the server sends on one connection to `port` after `requests`, until it
 * closes it (or 5 s pass).
 */
function exchange(
  port: number,
  requests: string,
): Promise<{ text: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let timedOut = false
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(5_000, () => {
      timedOut = true
      socket.destroy()
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset still ends in 'close', with what arrived before it.
    socket.on('error', () => {})
    socket.on('close', () =>
      resolve({ text: Buffer.concat(chunks).toString('latin1'), timedOut }),
    )
    socket.write(requests)
  })
}

/** The first answer in `raw`, framed as its headers say, and what follows it. */
interface RawAnswer {
  readonly status: number
  readonly body: string
  /** The bytes after the first answer's framing. */
  readonly rest: string
  /** The connection closed before the framing's end. */
  readonly cut: boolean
}

function firstAnswer(raw: string): RawAnswer | undefined {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n')
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1])
  const headers = new Map(
    lines.map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
    }),
  )
  let at = end + 4
  if (headers.get('transfer-encoding') === 'chunked') {
    let body = ''
    for (;;) {
      const lineEnd = raw.indexOf('\r\n', at)
      const size = lineEnd < 0 ? NaN : parseInt(raw.slice(at, lineEnd), 16)
      if (Number.isNaN(size) || raw.length < lineEnd + 2 + size + 2) {
        return { status, body, rest: '', cut: true }
      }
      at = lineEnd + 2
      body += raw.slice(at, at + size)
      at += size + 2
      if (size === 0) return { status, body, rest: raw.slice(at), cut: false }
    }
  }
  const length = headers.get('content-length')
  if (length === undefined) return { status, body: raw.slice(at), rest: '', cut: false }
  const declared = Number(length)
  return raw.length < at + declared
    ? { status, body: raw.slice(at), rest: '', cut: true }
    : {
        status,
        body: raw.slice(at, at + declared),
        rest: raw.slice(at + declared),
        cut: false,
      }
}

/**
 * A body read in full under a lying `Content-Length` of `declared` bytes: the whole
 * body (the adapter dropped the length), or the declared bytes of it (the adapter
 * held to the length). More than declared would be the start of a desync: the
 * surplus, on a kept-alive connection, is read as the next answer.
 */
function lengthProblem(
  whole: string,
  declared: number,
  text: string,
  ledger: Ledger,
  fail: (message: string) => void,
): void {
  if (text === whole) {
    ledger.events.add('HTTP: lying Content-Length dropped, the whole body sent')
  } else if (declared < whole.length && text === whole.slice(0, declared)) {
    ledger.events.add('HTTP: lying Content-Length held, the body cut to it')
  } else {
    fail(
      `body ${JSON.stringify(text)} under Content-Length ${declared}, for ${JSON.stringify(whole)}`,
    )
  }
}

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
    ? // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever the cause is, as text
      `${error.name}: ${error.message}${error.cause === undefined ? '' : ` (${String(error.cause)})`}`
    : String(error)

/**
 * The adapter's log. A line about a failed body is expected when the plan makes the
 * body fail, or when the failure is the client's leaving (a careful view stops its
 * stream when `request.signal` aborts); a line (at any level) about a request whose
 * view sends a header value Node refuses or a lying `Content-Length` is expected too.
 * The line names the request's URL, hence its plan. Any other warning or error is a
 * failure. For a stack whose logger is down, the line is counted, then the logger
 * throws.
 */
function adapterLogger(
  ledger: Ledger,
  entry: (id: number) => Entry | undefined,
): Logger {
  const line =
    (level: keyof Logger) =>
    (message: string, ...details: unknown[]): void => {
      const id = /\/soak\/(\d+)/.exec(message)?.[1]
      const known = id === undefined ? undefined : entry(Number(id))
      const after = message.includes('body stream failed after the headers')
      const before = message.includes('could not be written')
      const want = known?.want
      if (level === 'debug' || level === 'info') {
        // Nothing to check: a client going away, for one, is logged at debug.
      } else if ((after || before) && isAbort(details[0])) {
        ledger.events.add('HTTP: body stopped because the client left (logged)')
      } else if (want?.refused === true) {
        ledger.events.add(`HTTP: header value refused (logged at ${level})`)
      } else if (want?.declared !== undefined) {
        ledger.events.add(`HTTP: lying Content-Length (logged at ${level})`)
      } else if (want?.nonBytes === true) {
        ledger.events.add(`HTTP: non-bytes chunk (logged at ${level})`)
      } else if (level === 'error' && (after || before) && want?.fails === true) {
        ledger.events.add(
          after
            ? 'HTTP: body failed after the headers (connection closed)'
            : 'HTTP: body failed before the headers (answered 500)',
        )
      } else if (level === 'warn' && known === undefined) {
        ledger.fail(`the Node adapter refused a request: ${message}`)
      } else {
        const why = details.map(describeError).join(' ')
        ledger.fail(
          `the Node adapter logged (${level}): ${message} ${why}`,
          known?.context.plan,
          known?.shape,
        )
      }
      if (known?.shape.logger === 'throws') {
        ledger.faults.add('Node adapter logger throws')
        throw new Error(`soak: the logger is down (${level})`)
      }
    }
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  }
}

/**
 * What the client must get over HTTP, where it differs from the stack's answer: a
 * header value Node refuses makes the adapter answer 500 itself, and the body the
 * stack made is never sent.
 */
function onTheWire(want: Expected): Expected {
  if (!want.refused) return want
  return {
    ...want,
    status: 500,
    body: { kind: 'exact', text: ADAPTER_500 },
    tags: '',
    fails: false,
    nonBytes: false,
    declared: undefined,
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
    const soak = request.headers.get('x-soak')
    if (soak === PROBE) return Promise.resolve(new Response(PROBE))
    const id = Number(soak)
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

  /**
   * A lying `Content-Length`, sent on a raw socket with a probe pipelined behind it:
   * whatever follows the first answer's framing must be the probe's answer (or
   * nothing, the connection closed), never bytes of the first body. `fetch` cannot
   * show a desync: it drops a connection with surplus bytes.
   */
  async #sendOnSocket(
    plan: Plan,
    want: Expected,
    fail: (message: string) => void,
  ): Promise<void> {
    const ledger = this.#ledger
    const { hostname, port } = new URL(this.#base)
    const head = (soak: string, extra = ''): string =>
      `GET /soak/${soak} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nx-soak: ${soak}\r\n${extra}\r\n`
    const raw = await exchange(
      Number(port),
      head(String(plan.id)) + head(PROBE, 'Connection: close\r\n'),
    )
    if (raw.text === '' && !raw.timedOut) {
      // Closed before the headers: a stream found short of its length before then.
      ledger.events.add('HTTP: connection closed before the headers on a lying length')
      ledger.endings.add(CLOSED_ON_LENGTH)
      return
    }
    const first = raw.timedOut ? undefined : firstAnswer(raw.text)
    if (first === undefined) {
      fail(`no answer on the socket: ${JSON.stringify(raw.text.slice(0, 200))}`)
      ledger.endings.add(CLOSED_ON_LENGTH)
      return
    }
    ledger.statuses.add(String(first.status))
    if (first.status === 500 && first.body === ADAPTER_500) {
      // Found short of its length before the headers went out: the adapter's 500.
      ledger.events.add('HTTP: lying length found before the headers (answered 500)')
      ledger.endings.add(CLOSED_ON_LENGTH)
      return
    }
    if (first.status !== want.status) fail(`status ${first.status}, not ${want.status}`)
    const whole = want.body.kind === 'exact' ? want.body.text + want.tags : ''
    if (first.cut) {
      if (!whole.startsWith(first.body))
        fail(`a cut body ${JSON.stringify(first.body)}`)
      ledger.endings.add(CLOSED_ON_LENGTH)
      return
    }
    lengthProblem(whole, want.declared!, first.body, ledger, fail)
    if (first.rest === '') {
      ledger.events.add('HTTP: connection closed after a lying Content-Length')
    } else if (first.rest.startsWith('HTTP/1.1 200 ') && first.rest.endsWith(PROBE)) {
      ledger.events.add('HTTP: the next answer on the connection intact')
    } else {
      fail(
        `desync: after the answer's framing came ${JSON.stringify(first.rest.slice(0, 80))}, not the next answer`,
      )
    }
    ledger.endings.add('complete')
  }

  /** Sends `plan` over HTTP as its client plans to, and checks what comes back. */
  async send(handler: Handler, plan: Plan, shape: StackShape): Promise<void> {
    const client = plan.client
    if (client.driver !== 'http') throw new Error('soak: not an HTTP plan')
    const ledger = this.#ledger
    const want = onTheWire(expected(plan, shape))
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
    if (want.declared !== undefined && client.kind === 'read') {
      return this.#sendOnSocket(plan, want, fail)
    }
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
      } else if (want.declared !== undefined) {
        // A stream found short of its length closes the connection, maybe before the
        // headers went out.
        ledger.events.add(
          'HTTP: connection closed before the headers on a lying length',
        )
        ledger.endings.add(CLOSED_ON_LENGTH)
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
        if (want.declared !== undefined && !want.fails) {
          // Fewer bytes than declared, then a closed connection: never a desync.
          ledger.endings.add(CLOSED_ON_LENGTH)
          return
        }
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
      if (want.declared !== undefined && want.body.kind === 'exact') {
        lengthProblem(want.body.text + want.tags, want.declared, text, ledger, fail)
        ledger.endings.add('complete')
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
      // A body shorter than its declared length ends in a closed connection.
      if (!isAbort(error) && !want.fails && want.declared === undefined)
        fail(`the body failed: ${describeError(error)}`)
    }
    ledger.endings.add(`aborted (${client.kind})`)
  }
}
