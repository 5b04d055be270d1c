/**
 * The fault-injection soak at a small size: 5,000 requests, each with its own random
 * plan, through random stacks of function layers and hook classes that pass,
 * short-circuit, throw Errors and other values, reject, return `undefined` or
 * (failing) template responses, wait, and transform streamed bodies that may error
 * mid-stream; views that stream a chunk that is not bytes, set a header value Node
 * refuses or declare a `Content-Length` their body does not have; loggers that throw;
 * clients that read, cancel or abort. Most run in-process, 5 % through `serve()` from
 * shallot/node with real `fetch` clients.
 *
 * Checks that every request gets exactly one response, with the status and body the
 * rules give (N2, N3, N10, N17, M3, M4, D1, D2), or a clean abort, whatever the
 * logger does; over HTTP, that a refused header value gets the adapter's 500, a
 * lying length never desyncs a kept-alive connection, and every body the view
 * streamed is read to its end or cancelled; that nothing is rejected unhandled or
 * thrown uncaught; that no timer, socket or process listener is left; and, when the
 * process has `global.gc`, that the heap stays flat. `npm run soak` runs the same
 * harness at a million requests (tests/soak/main.ts).
 */
import { randomInt } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { HEAP_LIMIT_BYTES, runSoak, type SoakReport } from './harness.js'
import { formatReport, heapGrowth } from './report.js'

const REQUESTS = 5_000
const seed = Number(process.env['SOAK_SEED'] ?? randomInt(2 ** 31))
const hasGc = typeof gc === 'function'

describe(`soak: ${REQUESTS} requests, seed ${seed} (repeat with SOAK_SEED=${seed})`, () => {
  let report: SoakReport

  beforeAll(async () => {
    report = await runSoak({
      requests: REQUESTS,
      seed,
      httpShare: 0.05,
      checkpoints: 4,
    })
  }, 60_000)

  it('every request gets exactly one response, as the rules give, or a clean abort', () => {
    expect(report.ledger.failures, formatReport(report)).toEqual([])
    expect(report.stuck).toBe(false)
    expect(report.requests).toBe(REQUESTS)
    let ended = 0
    for (const [, count] of report.ledger.endings.entries()) ended += count
    expect(ended).toBe(REQUESTS)
    // The run did what it claims: both drivers, aborts, failing streams, every fault.
    expect(report.http).toBeGreaterThan(0)
    expect(report.ledger.endings.get('aborted (cancel)')).toBeGreaterThan(0)
    expect(report.ledger.endings.get('aborted (abort-during)')).toBeGreaterThan(0)
    expect(
      report.ledger.endings.get('body failed mid-stream, as planned'),
    ).toBeGreaterThan(0)
    expect(report.ledger.events.get('HTTP: answers sent in full')).toBeGreaterThan(0)
    for (const fault of [
      'short-circuit',
      'throw an Error',
      'throw a non-Error',
      'reject with an Error',
      'return undefined',
      'TemplateResponse',
      'TemplateResponse that fails to render',
      'delay (timer)',
      'transform the body',
      'transform that errors mid-stream',
      'view stream that errors',
      'logger throws',
      'header value Node refuses',
      'lying Content-Length (short)',
      'lying Content-Length (long)',
    ]) {
      expect(report.ledger.faults.get(fault), fault).toBeGreaterThan(0)
    }
    const nonBytes = report.ledger.faults
      .entries()
      .filter(([name]) => name.startsWith('view streams a non-bytes chunk'))
    expect(nonBytes.length, 'non-bytes chunks').toBeGreaterThan(0)
  })

  it('no unhandled rejection, uncaught exception or process warning', () => {
    expect(report.unhandledRejections).toEqual([])
    expect(report.uncaughtExceptions).toEqual([])
    expect(report.warnings).toEqual([])
  })

  it('no timer, socket or process listener is left behind', () => {
    expect(report.resourcesLeft).toEqual([])
    expect(report.listenerChanges).toEqual([])
  })

  it.skipIf(!hasGc)(
    hasGc
      ? `the heap after a forced GC grows by at most ${HEAP_LIMIT_BYTES / 1048576} MB from the warm-up to each checkpoint`
      : 'heap check skipped: global.gc is missing here (npm run soak runs node with --expose-gc)',
    () => {
      expect(report.heap?.checkpoints.length).toBe(5)
      for (const growth of heapGrowth(report)) {
        expect(growth).toBeLessThanOrEqual(HEAP_LIMIT_BYTES)
      }
    },
  )
})
