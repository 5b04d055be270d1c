/**
 * shallot/fetch answers errors in the format the request's Accept prefers: the
 * stack's conversions and the adapter's own 500 (a handler that rejects or answers no
 * Response).
 */
import { createHandler, NotFound, type Handler } from 'shallot'
import { toFetchHandler } from 'shallot/fetch'
import { describe, expect, it } from 'vitest'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const ctx = { waitUntil() {}, passThroughOnException() {} }
const asJson = () =>
  new Request('http://localhost/users/7', { headers: { accept: 'application/json' } })

describe('toFetchHandler: error answers by Accept', () => {
  it('the stack’s 404 and the adapter’s 500s are problems for a client that prefers JSON', async () => {
    const stack = createHandler({
      middleware: [],
      view: () => {
        throw new NotFound()
      },
      logger: quiet,
    })
    const handlers: ReadonlyArray<readonly [Handler, number, string]> = [
      [stack, 404, 'Not Found'],
      [() => Promise.reject(new Error('x')), 500, 'Internal Server Error'],
      [() => Promise.resolve({} as Response), 500, 'Internal Server Error'],
    ]
    for (const [handler, status, title] of handlers) {
      const response = await toFetchHandler(handler, { logger: quiet }).fetch(
        asJson(),
        {},
        ctx,
      )
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect(await response.json()).toEqual({ type: 'about:blank', title, status })
    }
  })

  it('a request without Accept gets text, as before', async () => {
    const app = toFetchHandler(() => Promise.reject(new Error('x')), { logger: quiet })
    const response = await app.fetch(new Request('http://localhost/'), {}, ctx)
    expect(await response.text()).toBe('500 Internal Server Error\n')
  })
})
