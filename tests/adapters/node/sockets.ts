/**
 * Raw TCP clients for the shallot/node tests, for what `raw()` in support.ts cannot do:
 * keep a connection open, write to it in steps, send bytes that are not text, and
 * learn whether the server closed it. Every socket is destroyed after a deadline, so
 * no test waits forever on one.
 */
import { connect, type Socket } from 'node:net'

/** A connection to a test server, and what came back on it. */
export interface Conversation {
  readonly socket: Socket
  /** Everything the server sent so far, as latin1 (one char per byte). */
  answer(): string
  /**
   * Resolves once the socket is closed: `'server'` when the server closed (or reset)
   * it, `'deadline'` when the deadline passed first and the client gave up.
   */
  readonly closed: Promise<'server' | 'deadline'>
}

/**
 * Opens a connection to the server at `url` (127.0.0.1 only) and resolves once it is
 * connected. The socket is destroyed after `deadlineMs` whatever happens.
 */
export function converse(url: string, deadlineMs = 3_000): Promise<Conversation> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1')
    const chunks: Buffer[] = []
    let byDeadline = false
    const deadline = setTimeout(() => {
      byDeadline = true
      socket.destroy()
    }, deadlineMs)
    const closed = new Promise<'server' | 'deadline'>((settle) =>
      socket.once('close', () => {
        clearTimeout(deadline)
        settle(byDeadline ? 'deadline' : 'server')
      }),
    )
    // A reset is one way for the server to close; 'close' follows it.
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => void chunks.push(chunk))
    socket.once('connect', () =>
      resolve({
        socket,
        answer: () => Buffer.concat(chunks).toString('latin1'),
        closed,
      }),
    )
    socket.once('error', reject)
  })
}

/**
 * Sends `bytes` to the server at `url`, then hangs up after `afterMs`: a client that
 * goes away mid-request (a request the server is still reading, or answering).
 */
export async function hangUpAfter(
  url: string,
  bytes: string,
  afterMs = 50,
): Promise<void> {
  const conversation = await converse(url)
  conversation.socket.write(bytes)
  await new Promise((resolve) => setTimeout(resolve, afterMs))
  conversation.socket.destroy()
}

/**
 * Sends `bytes` and resolves with the answer once the socket closes, and how. By
 * default the client then half-closes the connection, so that the server sees the
 * request end (Node then drops a request still in progress); `{ end: false }` leaves
 * it open, for a request that asks the server to close with `Connection: close`.
 */
export async function exchange(
  url: string,
  bytes: string | Uint8Array,
  { end = true, deadlineMs = 3_000 } = {},
): Promise<{ answer: string; closedBy: 'server' | 'deadline' }> {
  const conversation = await converse(url, deadlineMs)
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes
  if (end) conversation.socket.end(data)
  else conversation.socket.write(data)
  const closedBy = await conversation.closed
  return { answer: conversation.answer(), closedBy }
}

/** The status codes of every response in `answer`, in order. */
export function statuses(answer: string): number[] {
  return [...answer.matchAll(/(?:^|\r\n)HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
}
