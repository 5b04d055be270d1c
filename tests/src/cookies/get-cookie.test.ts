/**
 * `getCookie` and `getCookies`: reading the request's `Cookie` header as RFC 6265 §5.4
 * browsers write it, and leniently what they should not send.
 */
import { getCookie, getCookies } from 'shallot/cookies'
import { describe, expect, it } from 'vitest'

const withCookie = (cookie?: string) =>
  new Request(
    'https://example.com/',
    cookie === undefined ? {} : { headers: { cookie } },
  )

describe('getCookies', () => {
  it('is empty without a Cookie header', () => {
    expect({ ...getCookies(withCookie()) }).toEqual({})
  })

  it('reads each name=value pair, spaces and tabs around them trimmed', () => {
    expect({ ...getCookies(withCookie('a=1;b=2; \tc=3 ;  d = 4')) }).toEqual({
      a: '1',
      b: '2',
      c: '3',
      d: '4',
    })
  })

  it('splits at the first =, so a value may hold more', () => {
    expect(getCookies(withCookie('token=a=b==')).token).toBe('a=b==')
  })

  it('keeps the first of several with one name (the longest path comes first)', () => {
    expect(getCookie(withCookie('id=deep; id=root'), 'id')).toBe('deep')
  })

  it('takes surrounding double quotes off a value', () => {
    expect({ ...getCookies(withCookie('a="quoted"; b=""; c="; d=x"y')) }).toEqual({
      a: 'quoted',
      b: '',
      c: '"',
      d: 'x"y',
    })
  })

  it('skips pairs without = or without a name, and empty pairs', () => {
    expect({ ...getCookies(withCookie('flag; =nameless; ;ok=1;')) }).toEqual({
      ok: '1',
    })
  })

  it('has no prototype: __proto__ and constructor are cookies like any other', () => {
    const cookies = getCookies(withCookie('__proto__=x; constructor=y'))
    expect(Object.getPrototypeOf(cookies)).toBeNull()
    expect(cookies['__proto__']).toBe('x')
    expect(cookies['constructor']).toBe('y')
    expect(getCookie(withCookie('a=1'), 'toString')).toBeUndefined()
  })
})

describe('getCookie', () => {
  it('is the value, or undefined when the request sent no such cookie', () => {
    const request = withCookie('theme=dark; empty=')
    expect(getCookie(request, 'theme')).toBe('dark')
    expect(getCookie(request, 'empty')).toBe('')
    expect(getCookie(request, 'missing')).toBeUndefined()
    expect(getCookie(withCookie(), 'theme')).toBeUndefined()
  })

  it('matches names exactly, case included', () => {
    expect(getCookie(withCookie('Theme=dark'), 'theme')).toBeUndefined()
  })
})
