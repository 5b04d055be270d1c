/**
 * The check every "each request gets exactly one response" property makes of a
 * handler's answer (semantics.md N2, N3; O12 for the old style).
 */
import { expect } from 'vitest'

/**
 * Calls `answer()` and checks that it did not throw or reject and resolved to one
 * `Response` with a status from 200 to 599; returns that response.
 */
export async function oneResponse(answer: () => Promise<unknown>): Promise<Response> {
  let settled: { ok: true; value: unknown } | { ok: false; error: unknown }
  try {
    settled = { ok: true, value: await answer() }
  } catch (error) {
    settled = { ok: false, error }
  }
  expect(settled.ok).toBe(true)
  const response = (settled as { value: unknown }).value
  expect(response).toBeInstanceOf(Response)
  const { status } = response as Response
  expect(Number.isInteger(status) && status >= 200 && status <= 599).toBe(true)
  return response as Response
}
