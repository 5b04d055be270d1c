/**
 * The fast paths of the request URL against the WHATWG URL parser (fast-check,
 * `runs(5_000, 200_000)` each, in process): a `Host` value gives the origin `new URL`
 * gives, or a `BadRequestTarget` when `new URL` fails or reads something else than a
 * host; an origin-form target gives the `href` of `new URL(origin + target)`, never
 * a host of the target's choosing.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  BadRequestTarget,
  originFrom,
  urlFrom,
} from '../../../adapters/node/request-url.js'
import { runs, SOAK } from '../../support/runs.js'

/** Full-size runs take a while on a loaded machine. */
const FUZZ_TIMEOUT = SOAK ? 600_000 : 20_000

const pieces = (parts: string[], maxLength = 12) =>
  fc.array(fc.constantFrom(...parts), { maxLength }).map((list) => list.join(''))

/** Hosts built from the pieces that decide between the fast path and the parser. */
const host = pieces([
  ...'abxzAXZ0179.-:_%@[]/?#\\ '.split(''),
  'xn--',
  'XN--',
  '0x',
  '0X',
  '255',
  '256',
  '80',
  '443',
  '65535',
  '65536',
  '::1',
  '%2e',
  '\u00df',
  '\u00e9',
])

/** What a host must give: the parser's origin, or a refusal. */
function expectedOrigin(protocol: 'http' | 'https', value: string): string {
  let parsed: URL
  try {
    parsed = new URL(`${protocol}://${value}`)
  } catch {
    return 'refused'
  }
  const onlyHost =
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname === '/' &&
    parsed.search === '' &&
    parsed.hash === '' &&
    !/[/?#@\\]/.test(value)
  return onlyHost ? parsed.origin : 'refused'
}

function outcome(run: () => string): string {
  try {
    return run()
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestTarget)
    return 'refused'
  }
}

describe('originFrom', () => {
  test(
    'gives the origin new URL gives, or refuses what it would not read as a host',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('http' as const, 'https' as const),
          host,
          (p, h) => {
            expect(outcome(() => originFrom(p, h))).toBe(expectedOrigin(p, h))
          },
        ),
        { numRuns: runs(5_000, 200_000) },
      )
    },
    FUZZ_TIMEOUT,
  )
})

describe('urlFrom', () => {
  const target = pieces([
    ...'/./?#%aZ09:@;=&~-_!$()*+,\'"<>`{}|^\\ '.split(''),
    '%2e',
    '%2E',
    '..',
    '//',
    '%zz',
    '\u00e9',
  ]).map((rest) => `/${rest}`)

  test(
    'an origin-form target: the href of new URL(origin + target), same origin',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('http://a.example', 'https://b.example:8443'),
          target,
          (origin, t) => {
            const url = urlFrom(origin, t)
            expect(url).toBe(new URL(origin + t).href)
            expect(new URL(url).origin).toBe(origin)
          },
        ),
        { numRuns: runs(5_000, 200_000) },
      )
    },
    FUZZ_TIMEOUT,
  )
})
