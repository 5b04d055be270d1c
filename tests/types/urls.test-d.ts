// Type tests: shallot/urls kwargs typed from the route, reverse checked at compile
// time, and per-route requirements checked where the URLconf meets createHandler.
import { describe, expectTypeOf, it } from 'vitest'
import { createHandler, provide, type Middleware, type Req } from '../../src/index.js'
import { include, path, rePath, urls, type Converter } from '../../src/urls/index.js'

interface User {
  name: string
}
const auth: Middleware<{}, { user: User }> = (getResponse) => (request) =>
  getResponse(provide(request, { user: { name: 'ann' } }))
const needsUser: Middleware<{ user: User }> = (getResponse) => getResponse
const hex: Converter<number> = {
  regex: '[0-9a-f]+',
  toValue: (text) => parseInt(text, 16),
  toUrl: (value) => value.toString(16),
}

describe('path() kwargs', () => {
  it('are typed from the route string without annotations', () => {
    path('users/<int:id>/<slug:s>/<name>/<path:rest>', (request, args, kwargs) => {
      expectTypeOf(kwargs).toEqualTypeOf<{
        readonly id: number
        readonly s: string
        readonly name: string
        readonly rest: string
      }>()
      return null
    })
  })

  it('user converters give their toValue type; extra kwargs are added', () => {
    path(
      'colors/<hex:rgb>/',
      (request, args, { rgb, mode }) => {
        expectTypeOf(rgb).toEqualTypeOf<number>()
        expectTypeOf(mode).toEqualTypeOf<'dark'>()
        return null
      },
      { converters: { hex }, kwargs: { mode: 'dark' } },
    )
  })

  it('rePath named groups are strings', () => {
    rePath(
      '^archive/(?P<year>[0-9]{4})/(?<month>[0-9]{2})/$',
      (request, args, kwargs) => {
        expectTypeOf(kwargs).toEqualTypeOf<{
          readonly year: string
          readonly month: string
        }>()
        return null
      },
    )
  })

  it('a route middleware types the view request', () => {
    path(
      'me/',
      (request) => {
        expectTypeOf(request).toEqualTypeOf<Req<{ user: User }>>()
        return null
      },
      { middleware: [auth] },
    )
  })
})

describe('reverse', () => {
  const users = [
    path('', () => null, { name: 'list' }),
    path('<int:id>/', () => null, { name: 'detail' }),
  ]
  const { reverse } = urls([
    path('users/', include(users, { namespace: 'users' })),
    path('orgs/<slug:org>/', include(users, { namespace: 'orgs' })),
    path('colors/<hex:rgb>/', () => null, { name: 'color', converters: { hex } }),
  ])

  it('takes known names with their kwargs', () => {
    expectTypeOf(reverse('users:list')).toEqualTypeOf<string>()
    reverse('users:detail', { id: 3 })
    reverse('orgs:detail', { org: 'acme', id: 3 })
    reverse('color', { rgb: 255 })
  })

  it('refuses unknown names and missing, mistyped or extra kwargs', () => {
    // @ts-expect-error: no such name
    reverse('users:nope')
    // @ts-expect-error: id is missing
    reverse('users:detail')
    // @ts-expect-error: id is a number
    reverse('users:detail', { id: '3' })
    // @ts-expect-error: org is needed too
    reverse('orgs:detail', { id: 3 })
    // @ts-expect-error: no such kwarg
    reverse('users:detail', { id: 3, page: 2 })
    // @ts-expect-error: not namespaced
    reverse('detail', { id: 3 })
  })
})

describe('per-route requirements', () => {
  const conf = urls([
    path('me/', (request: Req<{ user: User }>) => new Response(request.user.name)),
    path('admin/', () => null, { middleware: [needsUser] }),
  ])

  it('compile when the global stack provides them', () => {
    createHandler({ middleware: [auth], resolve: conf.resolve })
  })

  it('fail to compile when it does not', () => {
    // @ts-expect-error: nothing provides user
    createHandler({ middleware: [], resolve: conf.resolve })
  })

  it('a route middleware providing what its view needs needs nothing global', () => {
    const own = urls([
      path('me/', (request: Req<{ user: User }>) => new Response(request.user.name), {
        middleware: [auth],
      }),
    ])
    createHandler({ middleware: [], resolve: own.resolve })
  })
})
