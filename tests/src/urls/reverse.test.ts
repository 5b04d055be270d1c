// shallot/urls reverse (U7 namespaces, U8) and the checks of the patterns.
import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../../../src/index.js'
import {
  include,
  NoReverseMatch,
  path,
  rePath,
  urls,
  type Converter,
} from '../../../src/urls/index.js'

const view = () => new Response('ok')
const hex: Converter<number> = {
  regex: '[0-9a-f]+',
  toValue: (text) => parseInt(text, 16),
  toUrl: (value) => value.toString(16),
}
const refusing: Converter<number> = {
  regex: '[0-9]+',
  toValue: Number,
  toUrl: () => {
    throw new RangeError('no')
  },
}

const { reverse } = urls([
  path('', view, { name: 'home' }),
  path(
    'users/',
    include([path('<int:id>/', view, { name: 'detail' })], { namespace: 'users' }),
  ),
  path(
    'orgs/<slug:org>/',
    include(
      [
        path(
          '',
          include([path('<int:id>/', view, { name: 'detail' })], { namespace: 'm' }),
        ),
      ],
      {
        namespace: 'orgs',
      },
    ),
  ),
  path('files/<path:p>', view, { name: 'file' }),
  path('tags/<tag>/', view, { name: 'tag' }),
  path('colors/<hex:rgb>/', view, { name: 'color', converters: { hex } }),
  path('r/<refusing:n>/', view, { name: 'refusing', converters: { refusing } }),
  path('first/<int:n>/', view, { name: 'twice' }),
  path('second/<slug:s>/', view, { name: 'twice' }),
  path('page/', view, { name: 'page', kwargs: { page: 1 } }),
  rePath('^re/(?<x>[a-z]+)/$', view),
  path('<path:any>', view, { name: 'any' }),
])

describe('reverse (U8)', () => {
  it('builds the URL with the leading slash', () => {
    expect(reverse('home')).toBe('/')
    expect(reverse('color', { rgb: 255 })).toBe('/colors/ff/')
  })

  it('U7: namespaces prefix names, nested ones too, with the prefix kwargs', () => {
    expect(reverse('users:detail', { id: 3 })).toBe('/users/3/')
    expect(reverse('orgs:m:detail', { org: 'acme', id: 3 })).toBe('/orgs/acme/3/')
  })

  it('percent-quotes the result, keeping / and the sub-delimiters', () => {
    expect(reverse('file', { p: 'a b/c@d:e$f%' })).toBe('/files/a%20b/c@d:e$f%25')
    expect(reverse('tag', { tag: 'résumé?' })).toBe('/tags/r%C3%A9sum%C3%A9%3F/')
  })

  it('escapes a leading slash, so that the URL is not scheme-relative (Django)', () => {
    expect(reverse('any', { any: '/etc' })).toBe('/%2Fetc')
    expect(reverse('file', { p: '/etc' })).toBe('/files//etc')
  })

  it('refuses a . or .. segment, which URL parsers remove', () => {
    for (const p of ['.', '..', 'a/../b', 'a/.']) {
      expect(() => reverse('file', { p })).toThrow(NoReverseMatch)
    }
    expect(reverse('file', { p: 'a..b/.c' })).toBe('/files/a..b/.c')
  })

  it('tries the routes of a name in order until one accepts the kwargs', () => {
    expect(reverse('twice', { n: 1 })).toBe('/first/1/')
    expect(reverse('twice', { s: 'x' })).toBe('/second/x/')
  })

  it('accepts extra kwargs equal to the route kwargs (Django)', () => {
    expect(reverse('page', { page: 1 } as never)).toBe('/page/')
    expect(() => reverse('page', { page: 2 } as never)).toThrow(NoReverseMatch)
  })

  it('throws NoReverseMatch naming what was tried', () => {
    const cases: [string, object][] = [
      ['users:detail', {}],
      ['users:detail', { id: -1 }],
      ['users:detail', { id: 3, extra: 1 }],
      ['tag', { tag: 'a/b' }],
      ['tag', { tag: '\ud800' }],
      ['refusing', { n: 1 }],
      ['color', { rgb: { toString: () => 3 } }],
    ]
    for (const [name, kwargs] of cases) {
      expect(() => (reverse as (n: string, k: object) => string)(name, kwargs)).toThrow(
        NoReverseMatch,
      )
    }
    expect(() => reverse('users:detail', { id: -1 })).toThrow(
      'Reverse for "users:detail" with kwargs {id: -1} not found. 1 pattern(s) tried: "users/<int:id>/".',
    )
    expect(() => (reverse as (n: string) => string)('nope')).toThrow(
      'Reverse for "nope" not found: no path() route has that name.',
    )
  })

  it('rePath routes are not reversible', () => {
    const conf = urls([rePath('^re/$', view, {}), path('p/', view, { name: 'p' })])
    expect(() => (conf.reverse as (n: string) => string)('re')).toThrow(NoReverseMatch)
  })
})

describe('pattern checks', () => {
  const misuse: [string, () => unknown, string][] = [
    ['a leading slash', () => path('/users/', view), 'starts with "/"'],
    [
      'a route that is not a string',
      () => path(3 as never, view),
      'must be a string, got 3',
    ],
    ['a bad parameter name', () => path('<int:2x>/', view), 'parameter name "2x"'],
    ['a name used twice', () => path('<a>/<int:a>/', view), 'uses "a" twice'],
    [
      'an unknown converter',
      () => path('<hexa:n>/', view),
      'converter "hexa", which is neither',
    ],
    [
      'a converter without regex',
      () => path('<c:n>/', view, { converters: { c: {} as never } }),
      'has no string regex',
    ],
    [
      'a converter regex that does not compile',
      () => path('<c:n>/', view, { converters: { c: { ...hex, regex: '(' } } }),
      'Converter "c" is not a valid regular expression',
    ],
    [
      'a rePath regex not a string',
      () => rePath(3 as never, view),
      'must be a string, got 3',
    ],
    [
      'a bad rePath regex',
      () => rePath('^(', view),
      'rePath() regex "(" is not a valid',
    ],
    [
      'a view that is not a function',
      () => path('x/', 3 as never),
      'needs a view function',
    ],
    [
      'an unknown option',
      () => path('x/', view, { nmae: 'x' } as never),
      'has no option nmae',
    ],
    [
      'converters not an object',
      () => path('x/', view, { converters: 3 as never }),
      'converters must be an object',
    ],
    [
      'a name not a string',
      () => path('x/', view, { name: 3 as never }),
      'name must be a string',
    ],
    [
      'kwargs not an object',
      () => path('x/', view, { kwargs: null as never }),
      'kwargs must be an object',
    ],
    ['empty methods', () => path('x/', view, { methods: [] }), 'non-empty array'],
    [
      'a method not a token',
      () => path('x/', view, { methods: ['GE T'] }),
      'methods[0] must be an HTTP token',
    ],
    [
      'middleware not an array',
      () => path('x/', view, { middleware: 3 as never }),
      'middleware must be an array',
    ],
    [
      'a middleware not a function',
      () => path('x/', view, { middleware: [3] as never }),
      'middleware[0] is',
    ],
    [
      'urls() of a non-array',
      () => urls(3 as never),
      'urls() takes an array of patterns, got 3',
    ],
    ['urls() of a non-pattern', () => urls([{}] as never), 'urls() patterns[0] is'],
    [
      'urls() of an include()',
      () => urls([include([])] as never),
      'not a path() or rePath() pattern',
    ],
    [
      'a bad namespace',
      () => include([], { namespace: 'a:b' as never }),
      "without ':'",
    ],
    [
      'an include option for views',
      () => path('x/', include([]), { name: 'x' } as never),
      'has no option name',
    ],
  ]
  it.each(misuse)('%s is ImproperlyConfigured', (_, make, message) => {
    expect(make).toThrow(ImproperlyConfigured)
    expect(make).toThrow(message)
  })

  it('a path() include takes converters for its prefix', () => {
    const conf = urls([
      path('c/<hex:n>/', include([path('', view, { name: 'x' })]), {
        converters: { hex },
      }),
    ])
    expect(conf.reverse('x', { n: 16 })).toBe('/c/10/')
  })
})
