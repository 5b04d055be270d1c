/**
 * Properties of shallot/cookies: what `setCookie` writes, a browser sends back and
 * `getCookie` reads is the value written, for any token name, any cookie-octet value
 * and any valid attributes; the attributes written are those asked for; a signed value
 * reads back under any of the secrets that may have signed it and never when changed.
 * 300 cases (50 signed) in `npm test`, 10,000 (1,000) in `npm run soak`.
 */
import fc from 'fast-check'
import {
  getCookie,
  getCookies,
  getSignedCookie,
  setCookie,
  setSignedCookie,
  type CookieOptions,
} from 'shallot/cookies'
import { describe, expect, it } from 'vitest'
import { parseSetCookie } from '../../../src/cookies/parse.js'
import { runs } from '../../support/runs.js'

const RUNS = runs(300, 10_000)
const SIGNED_RUNS = runs(50, 1_000)

const chars = (codes: string) => [...codes]
const TCHAR = chars(
  "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
)
const OCTETS = Array.from({ length: 0x7f - 0x21 }, (_, i) =>
  String.fromCharCode(0x21 + i),
).filter((char) => !'",;\\'.includes(char))

const name = fc
  .array(fc.constantFrom(...TCHAR), { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join(''))
  // A prefixed name has rules of its own, tested by example.
  .filter((n) => !/^__(host|secure)-/i.test(n))
/** RFC 6265 cookie-octets: no DQUOTE, so a value is never in quotes. */
const value = fc
  .array(fc.constantFrom(...OCTETS), { maxLength: 40 })
  .map((cs) => cs.join(''))

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/)
const options: fc.Arbitrary<CookieOptions> = fc
  .record(
    {
      maxAge: fc.nat(),
      expires: fc.date({
        min: new Date(0),
        max: new Date(Date.UTC(9999, 0)),
        noInvalidDate: true,
      }),
      domain: fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('.')),
      path: fc.stringMatching(/^\/[\x20-\x3A\x3C-\x7E]{0,20}$/),
      secure: fc.boolean(),
      httpOnly: fc.boolean(),
      sameSite: fc.constantFrom('Strict', 'Lax', 'None'),
      partitioned: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter(
    (o) => o.secure !== false || (o.sameSite !== 'None' && o.partitioned !== true),
  )

/** What a browser sends back: `name=value` from each Set-Cookie, joined with `; `. */
const sentBack = (response: Response) =>
  new Request('https://example.com/', {
    headers: {
      cookie: response.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; '),
    },
  })

describe('cookie round trips', () => {
  it('getCookie reads what setCookie wrote; the line carries the attributes asked for', () => {
    fc.assert(
      fc.property(name, value, options, (n, v, o) => {
        const response = setCookie(new Response(), n, v, o)
        expect(getCookie(sentBack(response), n)).toBe(v)
        const parsed = parseSetCookie(response.headers.get('set-cookie')!)!
        const { attributes } = parsed
        expect([parsed.name, parsed.value]).toEqual([n, v])
        expect(attributes.get('max-age')).toBe(o.maxAge?.toString())
        expect(attributes.get('domain')).toBe(o.domain)
        expect(attributes.get('path')).toBe((o.path ?? '/').trim())
        expect(new Date(attributes.get('expires') ?? NaN).getTime() || undefined).toBe(
          (o.expires && Math.floor(o.expires.getTime() / 1000) * 1000) || undefined,
        )
        expect(attributes.has('httponly')).toBe(o.httpOnly ?? true)
        expect(attributes.has('secure')).toBe(
          o.secure ?? (o.sameSite === 'None' || o.partitioned === true),
        )
        expect(attributes.get('samesite')).toBe(o.sameSite ?? 'Lax')
        expect(attributes.has('partitioned')).toBe(o.partitioned ?? false)
      }),
      { numRuns: RUNS },
    )
  })

  it('getCookies reads back every cookie of a response, each its own header', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 8 }), (jar) => {
        let response = new Response()
        for (const [n, v] of Object.entries(jar)) response = setCookie(response, n, v)
        expect(response.headers.getSetCookie()).toHaveLength(Object.keys(jar).length)
        expect({ ...getCookies(sentBack(response)) }).toEqual(jar)
      }),
      { numRuns: RUNS },
    )
  })

  it('a signed value reads back under every list that holds its secret, and not changed', async () => {
    const secret = fc.string({ minLength: 1, maxLength: 20 })
    await fc.assert(
      fc.asyncProperty(
        name,
        value,
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        secret,
        async (n, v, others, signer) => {
          const response = await setSignedCookie(new Response(), n, v, signer)
          const request = sentBack(response)
          const read = await getSignedCookie(request, n, [...others, signer])
          expect(read).toBe(v)
          if (!others.includes(signer)) {
            expect(await getSignedCookie(request, n, others)).toBeUndefined()
          }
          const tampered = getCookie(request, n)!.replace(/^./, (c) =>
            c === 'a' ? 'b' : 'a',
          )
          const forged = new Request('https://example.com/', {
            headers: { cookie: `${n}=${tampered}` },
          })
          expect(await getSignedCookie(forged, n, signer)).toBeUndefined()
        },
      ),
      { numRuns: SIGNED_RUNS },
    )
  })
})
