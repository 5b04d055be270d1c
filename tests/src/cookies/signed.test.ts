/**
 * `getSignedCookie` and `setSignedCookie`: HMAC-SHA256 over Web Crypto, rotation (the
 * first secret signs, all verify), and every kind of forgery read as absent.
 */
import { getSignedCookie, setSignedCookie } from 'shallot/cookies'
import { describe, expect, it } from 'vitest'
import { constantTimeEqual } from '../../../src/cookies/sign.js'

const NEW = 'the new secret'
const OLD = 'the old secret'

/** The `name=value` a browser sends back for the response's only Set-Cookie. */
const sentBack = (response: Response) =>
  response.headers.get('set-cookie')!.split(';')[0]!

const requestWith = (cookie: string) =>
  new Request('https://example.com/', { headers: { cookie } })

const signedPair = async (name: string, value: string, secret: string | string[]) =>
  sentBack(await setSignedCookie(new Response(), name, value, secret))

describe('setSignedCookie', () => {
  it('sends value.signature, 43 base64url characters, with the same attributes as setCookie', async () => {
    const response = await setSignedCookie(
      new Response(),
      '__Host-cart',
      'a.b=c',
      NEW,
      {
        maxAge: 60,
      },
    )
    expect(response.headers.get('set-cookie')).toMatch(
      /^__Host-cart=a\.b=c\.[A-Za-z0-9_-]{43}; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
  })

  it('is the same for the same name, value and secret, and differs for another of each', async () => {
    const base = await signedPair('cart', '42', NEW)
    expect(await signedPair('cart', '42', NEW)).toBe(base)
    expect(await signedPair('cart', '42', OLD)).not.toBe(base)
    expect((await signedPair('cart', '43', NEW)).split('.')[1]).not.toBe(
      base.split('.')[1],
    )
    expect((await signedPair('kart', '42', NEW)).split('.')[1]).not.toBe(
      base.split('.')[1],
    )
  })

  it('signs with the first secret of a list', async () => {
    expect(await signedPair('cart', '42', [NEW, OLD])).toBe(
      await signedPair('cart', '42', NEW),
    )
  })

  it('refuses what setCookie refuses, naming itself, before signing', async () => {
    await expect(setSignedCookie(new Response(), 'cart', 'a b', NEW)).rejects.toThrow(
      new TypeError(
        `setSignedCookie() cookie cart: the value cannot hold U+0020; a cookie value is printable ASCII without space, '"', ',', ';' and '\\'. Encode it first (encodeURIComponent, base64url).`,
      ),
    )
    await expect(setSignedCookie(new Response(), 'a b', 'v', NEW)).rejects.toThrow(
      /^setSignedCookie\(\) cookie name must be a token/,
    )
    await expect(
      setSignedCookie(new Response(), 'n', 42 as never, NEW),
    ).rejects.toThrow('setSignedCookie() cookie n: the value must be a string, got 42.')
    await expect(
      setSignedCookie(new Response(), '__Host-n', 'v', NEW, { path: '/app' }),
    ).rejects.toThrow(
      /^setSignedCookie\(\) cookie __Host-n: a name starting with __Host-/,
    )
  })

  it.each([[''], [[]], [['']], [[NEW, 3]], [undefined]])(
    'refuses no secret: %j',
    async (secret) => {
      await expect(
        setSignedCookie(new Response(), 'cart', '42', secret as never),
      ).rejects.toThrow(
        new TypeError(
          'setSignedCookie() needs a secret or a list of secrets (the first signs, all verify), each a non-empty string.',
        ),
      )
    },
  )
})

describe('getSignedCookie', () => {
  it('reads back what setSignedCookie sent', async () => {
    const pair = await signedPair('cart', 'a.b.c', NEW)
    expect(await getSignedCookie(requestWith(`x=1; ${pair}`), 'cart', NEW)).toBe(
      'a.b.c',
    )
    expect(await getSignedCookie(requestWith(pair), 'cart', [NEW])).toBe('a.b.c')
  })

  it('is undefined when the request has no such cookie', async () => {
    expect(await getSignedCookie(requestWith('other=1'), 'cart', NEW)).toBeUndefined()
  })

  it('rotation: a cookie signed with an old secret verifies; setSignedCookie re-signs it with the new one', async () => {
    const secrets = [NEW, OLD]
    const old = await signedPair('cart', '42', OLD)
    const value = await getSignedCookie(requestWith(old), 'cart', secrets)
    expect(value).toBe('42')
    const resigned = await signedPair('cart', value!, secrets)
    expect(resigned).not.toBe(old)
    expect(await getSignedCookie(requestWith(resigned), 'cart', [NEW])).toBe('42')
    expect(await getSignedCookie(requestWith(resigned), 'cart', [OLD])).toBeUndefined()
    // Once the old secret is dropped, its cookies stop verifying.
    expect(await getSignedCookie(requestWith(old), 'cart', [NEW])).toBeUndefined()
  })

  it('a tampered, truncated, unsigned, moved or wrong-key cookie is absent, never an error', async () => {
    const pair = await signedPair('cart', '42', NEW)
    const [, signed] = pair.split('=') as [string, string]
    const [value, signature] = signed.split('.') as [string, string]
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A')
    const forgeries = [
      `cart=43.${signature}`, // value changed
      `cart=${value}.${flipped}`, // one signature character changed
      `cart=${value}.${signature.slice(0, -1)}`, // truncated
      `cart=${value}.${signature}A`, // lengthened
      `cart=${value}`, // signature dropped
      `cart=${value}.`, // empty signature
      `cart=.${signature}`, // value dropped
      'cart=',
      `cart=${value}.${signature}.${signature}`,
      `cart=${value}.${'é'.repeat(43)}`,
    ]
    for (const forged of forgeries) {
      expect(
        await getSignedCookie(requestWith(forged), 'cart', NEW),
        forged,
      ).toBeUndefined()
    }
    expect(await getSignedCookie(requestWith(pair), 'cart', [OLD])).toBeUndefined()
    // The signature covers the name: a value signed for one cookie is not another's.
    expect(
      await getSignedCookie(requestWith(`basket=${signed}`), 'basket', NEW),
    ).toBeUndefined()
  })

  it('refuses no secret, even without the cookie (a setup mistake shows at once)', async () => {
    await expect(getSignedCookie(requestWith(''), 'cart', [])).rejects.toThrow(
      new TypeError(
        'getSignedCookie() needs a secret or a list of secrets (the first signs, all verify), each a non-empty string.',
      ),
    )
  })
})

describe('constantTimeEqual', () => {
  it('is equality of strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true)
    expect(constantTimeEqual('', '')).toBe(true)
    expect(constantTimeEqual('abc', 'abd')).toBe(false)
    expect(constantTimeEqual('abc', 'xbc')).toBe(false)
    expect(constantTimeEqual('abc', 'ab')).toBe(false)
  })
})
