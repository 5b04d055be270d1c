/**
 * A client that leaves before its response is written: a body that stops because of
 * it (erroring with `request.signal.reason`, as a careful view does) is no server
 * error, so it is logged at debug level, not as "could not be written". Real servers
 * on 127.0.0.1, real clients.
 */
import { expect, test } from 'vitest'
import { memoryLogger, serverPerTest } from './support.js'

const start = serverPerTest()

test('a body that stops because the client left is logged at debug level only', async () => {
  const logger = memoryLogger()
  let arrived!: () => void
  const arrival = new Promise<void>((resolve) => (arrived = resolve))
  let logged!: () => void
  const done = new Promise<void>((resolve) => (logged = resolve))
  const debug = logger.debug.bind(logger)
  logger.debug = (message: string) => {
    debug(message)
    logged()
  }
  const url = await start(
    async (request) => {
      arrived()
      // The client leaves while the view works; the view then ends its body with the
      // reason, as one that watches request.signal does.
      await new Promise((resolve) =>
        request.signal.addEventListener('abort', resolve, { once: true }),
      )
      return new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => controller.error(request.signal.reason),
        }),
      )
    },
    { logger },
  )
  const client = new AbortController()
  const pending = fetch(url, { signal: client.signal }).catch(() => undefined)
  await arrival
  client.abort()
  await pending
  await done
  expect(logger.lines).toEqual([
    `debug shallot/node: the client left before the response was written (GET ${url}).`,
  ])
})
