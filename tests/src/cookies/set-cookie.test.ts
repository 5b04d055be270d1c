/**
 * `setCookie` and `deleteCookie`: the `Set-Cookie` line (RFC 6265 §4.1), the checks of
 * names, values and attributes with their messages, the `__Host-` and `__Secure-`
 * prefixes, `Partitioned`, several headers kept apart, and immutable headers.
 */
import { deleteCookie, setCookie, type CookieOptions } from 'shallot/cookies'
import { describe, expect, it } from 'vitest'

const line = (name: string, value: string, options?: CookieOptions) =>
  setCookie(new Response(), name, value, options).headers.get('set-cookie')

const refusal = (name: string, value: string, options?: unknown) => {
  try {
    setCookie(new Response(), name, value, options as CookieOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
  throw new Error('setCookie did not refuse')
}

describe('setCookie: the line', () => {
  it('defaults to Path=/, HttpOnly and SameSite=Lax, not Secure', () => {
    expect(line('theme', 'dark')).toBe('theme=dark; Path=/; HttpOnly; SameSite=Lax')
  })

  it('writes every attribute, in a fixed order', () => {
    expect(
      line('id', 'a1', {
        maxAge: 60,
        expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
        domain: 'example.com',
        path: '/app',
        secure: true,
        httpOnly: false,
        sameSite: 'None',
        partitioned: true,
      }),
    ).toBe(
      'id=a1; Max-Age=60; Domain=example.com; Path=/app; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure; SameSite=None; Partitioned',
    )
  })

  it('accepts an empty value, Max-Age=0, SameSite=Strict and a leading-dot domain', () => {
    expect(
      line('a', '', { maxAge: 0, sameSite: 'Strict', domain: '.Example.COM' }),
    ).toBe('a=; Max-Age=0; Domain=.Example.COM; Path=/; HttpOnly; SameSite=Strict')
  })

  it('accepts every cookie-octet in a value and every token character in a name', () => {
    const octets = Array.from({ length: 0x7f - 0x21 }, (_, i) =>
      String.fromCharCode(0x21 + i),
    )
      .filter((char) => !'",;\\'.includes(char))
      .join('')
    const token = "!#$%&'*+-.^_`|~09azAZ"
    expect(line(token, octets)).toBe(
      `${token}=${octets}; Path=/; HttpOnly; SameSite=Lax`,
    )
  })
})

describe('setCookie: refused names and values', () => {
  it.each([
    ['', '""'],
    ['a b', '"a b"'],
    ['a=b', '"a=b"'],
    ['a;b', '"a;b"'],
    ['(x)', '"(x)"'],
    ['é', '"é"'],
  ])('a name that is not a token: %j', (name, shown) => {
    expect(refusal(name, 'v')).toBe(
      `setCookie() cookie name must be a token (letters, digits and !#$%&'*+-.^_\`|~), got ${shown}.`,
    )
  })

  it('a name that is not a string', () => {
    expect(refusal(42 as never, 'v')).toContain('cookie name must be a token')
  })

  it.each([
    ['a b', 'U+0020'],
    ['a"b', `"\\""`],
    ['a,b', '","'],
    ['a;b', '";"'],
    ['a\\b', '"\\\\"'],
    ['line\nbreak', 'U+000A'],
    ['tab\t', 'U+0009'],
    ['del\x7f', 'U+007F'],
    ['Zoë', 'U+00EB'],
    ['😀', 'U+1F600'],
  ])('a value with a character a cookie cannot hold: %j', (value, shown) => {
    expect(refusal('session', value)).toBe(
      `setCookie() cookie session: the value cannot hold ${shown}; a cookie value is printable ASCII without space, '"', ',', ';' and '\\'. Encode it first (encodeURIComponent, base64url).`,
    )
  })

  it('a value that is not a string', () => {
    expect(refusal('n', 42 as never)).toBe(
      'setCookie() cookie n: the value must be a string, got 42.',
    )
  })
})

describe('setCookie: refused options', () => {
  it.each([
    [{ maxAge: 1.5 }, 'maxAge must be a whole number of seconds, 0 or more, got 1.5.'],
    [{ maxAge: -1 }, 'maxAge must be a whole number of seconds, 0 or more, got -1.'],
    [
      { maxAge: '60' },
      'maxAge must be a whole number of seconds, 0 or more, got "60".',
    ],
    [
      { maxAge: Infinity },
      'maxAge must be a whole number of seconds, 0 or more, got Infinity.',
    ],
    [
      { expires: new Date(NaN) },
      'expires must be a valid Date, got an instance of Date.',
    ],
    [{ expires: 0 }, 'expires must be a valid Date, got 0.'],
    [
      { domain: 'exa mple.com' },
      'domain must be a host name such as example.com, got "exa mple.com".',
    ],
    [
      { domain: 'a.com; Secure' },
      'domain must be a host name such as example.com, got "a.com; Secure".',
    ],
    [{ domain: '' }, 'domain must be a host name such as example.com, got "".'],
    [
      { domain: '-a.com' },
      'domain must be a host name such as example.com, got "-a.com".',
    ],
    [
      { path: 'app' },
      `path must start with / and hold printable ASCII but ';', got "app".`,
    ],
    [
      { path: '/a;b' },
      `path must start with / and hold printable ASCII but ';', got "/a;b".`,
    ],
    [
      { path: '/a\nb' },
      `path must start with / and hold printable ASCII but ';', got "/a\\nb".`,
    ],
    [{ sameSite: 'lax' }, "sameSite must be 'Strict', 'Lax' or 'None', got 'lax'."],
    [{ secure: 'false' }, 'secure must be true or false, got "false".'],
    [{ httpOnly: 1 }, 'httpOnly must be true or false, got 1.'],
    [
      { partitioned: 'yes', secure: true },
      'partitioned must be true or false, got "yes".',
    ],
    [
      { httpOnlly: true },
      'there is no option httpOnlly; the options are maxAge, expires, domain, path, secure, httpOnly, sameSite, partitioned.',
    ],
    ['secure', 'the options must be an object, got "secure".'],
    [null, 'the options must be an object, got null.'],
  ])('%j', (options, message) => {
    expect(refusal('c', 'v', options)).toBe(`setCookie() cookie c: ${message}`)
  })
})

describe('setCookie: what browsers refuse without Secure', () => {
  it.each([
    ['__Secure-id', {}, 'a name starting with __Secure-'],
    ['__Host-id', {}, 'a name starting with __Host-'],
    ['__host-id', {}, 'a name starting with __Host-'],
    ['id', { sameSite: 'None' }, "sameSite: 'None'"],
    ['id', { partitioned: true }, 'partitioned'],
  ] as const)(
    '%s %j: Secure by default, refused with secure: false',
    (name, options, why) => {
      expect(line(name, 'v', options)).toContain('; Secure')
      expect(refusal(name, 'v', { ...options, secure: false })).toBe(
        `setCookie() cookie ${name}: ${why} needs secure: true; browsers refuse it without Secure.`,
      )
    },
  )

  it('__Host-: Path=/ and no Domain', () => {
    expect(line('__Host-id', 'v')).toBe(
      '__Host-id=v; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
    expect(refusal('__Host-id', 'v', { domain: 'example.com' })).toBe(
      'setCookie() cookie __Host-id: a name starting with __Host- must have no domain: the cookie stays on its host.',
    )
    expect(refusal('__Host-id', 'v', { path: '/app' })).toBe(
      "setCookie() cookie __Host-id: a name starting with __Host- needs path '/', got '/app'.",
    )
  })

  it('__Secure-: any domain and path', () => {
    expect(line('__SECURE-id', 'v', { domain: 'example.com', path: '/app' })).toBe(
      '__SECURE-id=v; Domain=example.com; Path=/app; HttpOnly; Secure; SameSite=Lax',
    )
  })
})

describe('setCookie: several cookies on one response', () => {
  it('each cookie its own Set-Cookie header, the other headers kept', () => {
    let response = new Response('ok', {
      headers: { 'set-cookie': 'x=0', vary: 'cookie' },
    })
    response = setCookie(response, 'a', '1')
    response = setCookie(response, 'b', '2', { expires: new Date(0) })
    expect(response.headers.getSetCookie()).toEqual([
      'x=0',
      'a=1; Path=/; HttpOnly; SameSite=Lax',
      'b=2; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
    expect(response.headers.get('vary')).toBe('cookie')
  })

  it('replaces an earlier Set-Cookie for the same name, domain and path only', () => {
    let response = setCookie(new Response(), 'a', '1')
    response.headers.append('set-cookie', 'garbage-without-equals')
    response = setCookie(response, 'a', '1', { path: '/app' })
    response = setCookie(response, 'a', '1', { domain: 'example.com' })
    response = setCookie(response, 'b', '1')
    response = setCookie(response, 'a', '2')
    response = setCookie(response, 'a', '3', { domain: '.EXAMPLE.com' })
    expect(response.headers.getSetCookie()).toEqual([
      'garbage-without-equals',
      'a=1; Path=/app; HttpOnly; SameSite=Lax',
      'b=1; Path=/; HttpOnly; SameSite=Lax',
      'a=2; Path=/; HttpOnly; SameSite=Lax',
      'a=3; Domain=.EXAMPLE.com; Path=/; HttpOnly; SameSite=Lax',
    ])
  })

  it('returns the same response when its headers can change', () => {
    const response = new Response('ok')
    expect(setCookie(response, 'a', '1')).toBe(response)
  })

  it('sets cookies on a redirect (immutable headers) through a copy with the same body', async () => {
    const redirect = Response.redirect('https://example.com/next', 302)
    const answered = deleteCookie(setCookie(redirect, 'a', '1'), 'b')
    expect(answered).not.toBe(redirect)
    expect(answered.status).toBe(302)
    expect(answered.headers.get('location')).toBe('https://example.com/next')
    expect(answered.headers.getSetCookie()).toHaveLength(2)
    expect(redirect.headers.has('set-cookie')).toBe(false)
    await answered.text()
  })
})

describe('deleteCookie', () => {
  it('empties the value, Max-Age=0 and Expires in 1970, with the same path and domain', () => {
    const response = deleteCookie(new Response(), 'id', {
      path: '/app',
      domain: 'example.com',
    })
    expect(response.headers.get('set-cookie')).toBe(
      'id=; Max-Age=0; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    )
  })

  it('replaces a Set-Cookie for the same cookie made earlier in the request', () => {
    const response = deleteCookie(setCookie(new Response(), 'id', 'x'), 'id')
    expect(response.headers.getSetCookie()).toEqual([
      'id=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
  })

  it('keeps the prefix rules: Secure for __Host- and Partitioned', () => {
    expect(
      deleteCookie(new Response(), '__Host-id').headers.get('set-cookie'),
    ).toContain('; Secure')
    expect(
      deleteCookie(new Response(), 'p', { partitioned: true }).headers.get(
        'set-cookie',
      ),
    ).toContain('; Secure; SameSite=Lax; Partitioned')
  })

  it('refuses maxAge and expires, which deleting sets', () => {
    expect(() =>
      deleteCookie(new Response(), 'id', { maxAge: 5 } as CookieOptions),
    ).toThrow(
      new TypeError(
        'deleteCookie() cookie id: there is no option maxAge; the options are domain, path, secure, httpOnly, sameSite, partitioned.',
      ),
    )
    expect(() => deleteCookie(new Response(), 'bad name')).toThrow(TypeError)
  })
})
