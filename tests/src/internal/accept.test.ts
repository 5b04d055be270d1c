/**
 * Which format an error answer takes (src/internal/accept.ts): RFC 9457 problem JSON
 * when the request's Accept prefers JSON to text, plain text otherwise. Ranges are
 * matched most specific first (RFC 9110 §12.5.1); equal qualities go to the range
 * listed first, and a tie within one range (`*\/*`) to text, the format of old.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prefersProblemJson } from '../../../src/internal/accept.js'

const table: ReadonlyArray<readonly [string | null | undefined, boolean]> = [
  [null, false],
  [undefined, false],
  ['', false],
  ['*/*', false],
  ['application/json', true],
  ['application/problem+json', true],
  ['APPLICATION/JSON', true],
  ['application/*', true],
  ['text/plain', false],
  ['text/*', false],
  ['text/html', false],
  ['image/png', false],
  // axios' default: JSON named first, at the same quality.
  ['application/json, text/plain, */*', true],
  ['text/plain, application/json', false],
  // A browser's navigation: a page first, anything else at 0.8.
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
  ['text/html;q=0.5, application/json', true],
  ['application/json;q=0.5, text/html', false],
  ['application/json;q=0.9, */*;q=0.1', true],
  ['*/*;q=0.1, application/json;q=0.9', true],
  // The most specific range decides a type's quality, wherever it is listed.
  ['application/json;q=0, */*', false],
  ['*/*, application/json;q=0, application/problem+json;q=0', false],
  ['*/*, application/json;q=0', false],
  ['text/plain;q=0, */*', true],
  ['text/*;q=0, application/json;q=0.1', true],
  ['text/plain;q=0, application/json;q=0', false],
  ['application/json;q=0', false],
  ['application/*;q=0.2, application/json;q=0.9, text/plain;q=0.5', true],
  ['application/problem+json;q=1.0, text/plain;q=0.999', true],
  ['application/json; charset=utf-8', true],
  ['application/json;Q=0.5, text/plain;q=0.4', true],
  // A malformed quality leaves its range out.
  ['application/json;q=high, text/plain;q=0.1', false],
  ['application/json;q=1.5', false],
  ['application/json;q=-1, */*', false],
  ['application/json;level=1;q=0.8, text/plain;q=0.7', true],
  // A type listed twice at the same specificity: the first listing counts.
  ['application/json;q=0.5, application/json, text/plain;q=0.7', false],
  [',,;, application/json', true],
  ['nonsense', false],
]

describe('prefersProblemJson: Accept negotiation for error answers', () => {
  it.each(table)('%j → problem JSON: %s', (accept, expected) => {
    expect(prefersProblemJson(accept)).toBe(expected)
  })

  it('never throws, and only a header that names JSON (or application/*) can choose it', () => {
    fc.assert(
      fc.property(fc.string(), (accept) => {
        const chosen = prefersProblemJson(accept)
        if (chosen)
          expect(accept.toLowerCase()).toMatch(/application\/(json|problem\+json|\*)/)
      }),
    )
  })

  it('a header of thousands of ranges is read in linear time', () => {
    const accept = Array.from({ length: 5_000 }, (_, i) => `text/x-${i};q=0.1`).join(
      ', ',
    )
    const started = performance.now()
    expect(prefersProblemJson(`${accept}, application/json`)).toBe(true)
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
