// shallot/urls resolving: Django's URL rules U1–U7 and U9 (semantics.md §8).
import { describe, expect, it } from 'vitest'
import { createHandler, MethodNotAllowed, NotFound } from '../../../src/index.js'
import type { Converter } from '../../../src/urls/index.js'
import { include, path, rePath, urls } from '../../../src/urls/index.js'
import { routePathOf } from '../../../src/urls/decode.js'
import { recordingLogger } from '../../support/logger.js'

const request = (pathname: string, method = 'GET') =>
  new Request(`http://localhost${pathname}`, { method })
const echo =
  (label: string) => (_request: Request, args: readonly unknown[], kwargs: object) =>
    Response.json({ label, args, kwargs })

/** The handler over `patterns`, and what it answers for a path. */
function serve(patterns: Parameters<typeof urls>[0]) {
  const { resolve } = urls(patterns)
  const handler = createHandler({ middleware: [], resolve, logger: recordingLogger() })
  return async (pathname: string, method = 'GET') => {
    const response = await handler(request(pathname, method))
    return {
      status: response.status,
      allow: response.headers.get('allow'),
      body: (response.status === 200 && method !== 'HEAD'
        ? await response.json()
        : null) as unknown,
    }
  }
}

describe('matching (U1–U3)', () => {
  it('U1: routes are matched against the path without its leading slash', async () => {
    const get = serve([path('users/<int:id>/', echo('user')), path('', echo('home'))])
    expect((await get('/users/3/')).body).toEqual({
      label: 'user',
      args: [],
      kwargs: { id: 3 },
    })
    expect((await get('/')).body).toMatchObject({ label: 'home' })
  })

  it('U2: the first matching pattern in list order wins; none is a 404', async () => {
    const get = serve([
      path('a/<str:x>/', echo('first')),
      path('a/b/', echo('second')),
      path('<slug:s>/b/', echo('third')),
    ])
    expect((await get('/a/b/')).body).toMatchObject({ label: 'first' })
    expect((await get('/c/b/')).body).toMatchObject({ label: 'third' })
    expect((await get('/nowhere')).status).toBe(404)
  })

  it('U3: a path() endpoint is anchored at both ends', async () => {
    const get = serve([path('users/', echo('users'))])
    expect((await get('/users/')).status).toBe(200)
    expect((await get('/users/extra/')).status).toBe(404)
    expect((await get('/x/users/')).status).toBe(404)
  })

  it('U3: include() strips the matched prefix and tries its patterns on the rest', async () => {
    const inner = [path('', echo('list')), path('<int:id>/', echo('detail'))]
    const get = serve([path('orgs/<slug:org>/users/', include(inner))])
    expect((await get('/orgs/acme/users/')).body).toMatchObject({
      kwargs: { org: 'acme' },
    })
    expect((await get('/orgs/acme/users/7/')).body).toMatchObject({
      label: 'detail',
      kwargs: { org: 'acme', id: 7 },
    })
    expect((await get('/orgs/acme/users/7/x/')).status).toBe(404)
  })

  it('U2: an include that matches none of its patterns lets later patterns try', async () => {
    const get = serve([
      path('a/', include([path('b/', echo('inner'))])),
      path('a/<str:x>/', echo('later')),
    ])
    expect((await get('/a/c/')).body).toMatchObject({ label: 'later' })
  })
})

describe('converters (U4, U5)', () => {
  const get = serve([
    path('int/<int:n>/', echo('int')),
    path('slug/<slug:s>/', echo('slug')),
    path('uuid/<uuid:u>/', echo('uuid')),
    path('path/<path:p>', echo('path')),
    path('str/<name>/', echo('str')),
  ])

  it('U4: int gives a number, the others strings', async () => {
    expect((await get('/int/042/')).body).toMatchObject({ kwargs: { n: 42 } })
    expect((await get('/int/4a/')).status).toBe(404)
    expect((await get('/slug/a-b_c/')).body).toMatchObject({ kwargs: { s: 'a-b_c' } })
    expect((await get('/slug/a.b/')).status).toBe(404)
    const uuid = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
    expect((await get(`/uuid/${uuid}/`)).body).toMatchObject({ kwargs: { u: uuid } })
    expect((await get(`/uuid/${uuid.toUpperCase()}/`)).status).toBe(404)
    expect((await get('/path/a/b/c')).body).toMatchObject({ kwargs: { p: 'a/b/c' } })
    expect((await get('/str/x/y/')).status).toBe(404)
  })

  it('U5: a converter that throws refuses the match and the next pattern tries', async () => {
    const even: Converter<number> = {
      regex: '[0-9]+',
      toValue(text) {
        if (Number(text) % 2 !== 0) throw new RangeError('odd')
        return Number(text)
      },
      toUrl: String,
    }
    const next = serve([
      path('n/<even:n>/', echo('even'), { converters: { even } }),
      path('n/<int:n>/', echo('any')),
    ])
    expect((await next('/n/4/')).body).toMatchObject({
      label: 'even',
      kwargs: { n: 4 },
    })
    expect((await next('/n/5/')).body).toMatchObject({ label: 'any', kwargs: { n: 5 } })
    // An int too large for a safe integer is refused the same way.
    expect((await get('/int/99999999999999999999/')).status).toBe(404)
  })

  it('U4: a user converter with groups of its own keeps the parameters in place', async () => {
    const pair: Converter<string> = {
      regex: '(a|b)(c|d)',
      toValue: (t) => t,
      toUrl: (v) => v,
    }
    const get2 = serve([
      path('<pair:p>/<int:n>/', echo('pair'), { converters: { pair } }),
    ])
    expect((await get2('/bd/5/')).body).toMatchObject({ kwargs: { p: 'bd', n: 5 } })
  })
})

describe('rePath (U6) and extra kwargs (U7)', () => {
  it('U6: named groups are string kwargs, unnamed ones ignored beside them', async () => {
    const get = serve([
      rePath('^archive/(?P<year>[0-9]{4})/([0-9]{2})/$', echo('named')),
    ])
    expect((await get('/archive/2024/05/')).body).toEqual({
      label: 'named',
      args: [],
      kwargs: { year: '2024' },
    })
  })

  it('U6: a named group that took part in no match is left out', async () => {
    const get = serve([rePath('^opt/(?<a>x)?(?<b>y)/$', echo('optional'))])
    expect((await get('/opt/y/')).body).toMatchObject({ args: [], kwargs: { b: 'y' } })
  })

  it('U6: without named groups the unnamed ones are args', async () => {
    const get = serve([rePath('tags/([a-z]+)/(x)?$', echo('args'))])
    expect((await get('/tags/red/')).body).toMatchObject({ args: ['red', null] })
  })

  it('U6: an unanchored rePath endpoint matches a prefix; a rePath include prefix works', async () => {
    const get = serve([
      rePath('^api/v(?<version>[12])/', include([path('ping/', echo('ping'))])),
      rePath('^old', echo('old')),
    ])
    expect((await get('/api/v2/ping/')).body).toMatchObject({
      kwargs: { version: '2' },
    })
    expect((await get('/oldies/')).body).toMatchObject({ label: 'old' })
  })

  it('U7: extra kwargs are merged and win over captured ones', async () => {
    const get = serve([
      path('p/<int:page>/', echo('page'), { kwargs: { page: 1, kind: 'x' } }),
    ])
    expect((await get('/p/5/')).body).toMatchObject({ kwargs: { page: 1, kind: 'x' } })
  })
})

describe('percent-decoding (U9, D8)', () => {
  const get = serve([
    path('files/<name>/', echo('file')),
    path('tree/<path:p>', echo('tree')),
    path('café/', echo('literal')),
  ])

  it('kwargs are percent-decoded', async () => {
    expect((await get('/files/r%C3%A9sum%C3%A9/')).body).toMatchObject({
      kwargs: { name: 'résumé' },
    })
    expect((await get('/caf%C3%A9/')).body).toMatchObject({ label: 'literal' })
  })

  it('D8: %2F stays inside its segment (Django would split it), %25 is a percent', async () => {
    expect((await get('/files/a%2Fb/')).body).toMatchObject({ kwargs: { name: 'a/b' } })
    expect((await get('/files/a%2fb%252F/')).body).toMatchObject({
      kwargs: { name: 'a/b%2F' },
    })
    expect((await get('/tree/a%2Fb/c')).body).toMatchObject({ kwargs: { p: 'a/b/c' } })
  })

  it('an escape that is not UTF-8 is left as it was', async () => {
    expect((await get('/files/%E0%A4%A/')).body).toMatchObject({
      kwargs: { name: '%E0%A4%A' },
    })
  })
})

describe('methods (405, HEAD)', () => {
  const get = serve([
    path('items/', echo('list'), { methods: ['GET'] }),
    path('items/', echo('create'), { methods: ['post'] }),
    path('only-head/', echo('head'), { methods: ['HEAD'] }),
    path('only-head/', echo('get'), { methods: ['GET'] }),
    path('put/', echo('put'), { methods: ['PUT'] }),
  ])

  it('picks the route for the method', async () => {
    expect((await get('/items/')).body).toMatchObject({ label: 'list' })
    expect((await get('/items/', 'POST')).body).toMatchObject({ label: 'create' })
  })

  it('answers 405 with Allow when the path matches only other methods', async () => {
    expect(await get('/items/', 'DELETE')).toEqual({
      status: 405,
      allow: 'GET, HEAD, POST',
      body: null,
    })
    expect(await get('/put/', 'GET')).toMatchObject({ status: 405, allow: 'PUT' })
  })

  it('serves HEAD from a GET route unless a route takes HEAD itself', async () => {
    const { resolve } = urls([
      path('a/', echo('get'), { methods: ['GET'] }),
      path('b/', echo('get'), { methods: ['GET'] }),
      path('b/', echo('head'), { methods: ['HEAD'] }),
    ])
    expect(resolve(request('/a/', 'HEAD'))).toMatchObject({ route: 'a/' })
    expect(resolve(request('/b/', 'HEAD'))?.kwargs).toEqual({})
    const head = resolve(request('/b/', 'HEAD'))!
    expect(
      await ((await head.view(request('/b/'), [], {})) as Response).json(),
    ).toMatchObject({
      label: 'head',
    })
    expect((await get('/only-head/', 'HEAD')).status).toBe(200)
  })

  it('the 405 is a MethodNotAllowed thrown by resolve', () => {
    const { resolve } = urls([path('x/', echo('x'), { methods: ['GET'] })])
    expect(() => resolve(request('/x/', 'POST'))).toThrow(MethodNotAllowed)
  })
})

describe('the match', () => {
  it('names the full route and name', () => {
    const { resolve } = urls([
      path(
        'users/',
        include([path('<int:id>/', echo('d'), { name: 'detail' })], {
          namespace: 'users',
        }),
      ),
      path('plain/', echo('p')),
    ])
    expect(resolve(request('/users/3/'))).toMatchObject({
      route: 'users/<int:id>/',
      name: 'users:detail',
      kwargs: { id: 3 },
    })
    expect(resolve(request('/plain/?q=1#f'))?.name).toBeUndefined()
    expect(resolve(request('/nothing/'))).toBeUndefined()
  })

  it('isValidPath tells whether a pathname resolves, whatever the method', () => {
    const { isValidPath } = urls([
      path('users/<int:id>/', echo('u'), { methods: ['POST'] }),
    ])
    expect(isValidPath('/users/3/')).toBe(true)
    expect(isValidPath('users/3/')).toBe(true)
    expect(isValidPath('/users/3')).toBe(false)
  })

  it('a view throwing NotFound is a 404 like no match', async () => {
    const get = serve([
      path('x/', () => {
        throw new NotFound()
      }),
    ])
    expect((await get('/x/')).status).toBe(404)
  })
})

describe('routePathOf', () => {
  it('takes the path without its slash, query and fragment', () => {
    expect(routePathOf('http://h/a/b?q=1#f')).toBe('a/b')
    expect(routePathOf('http://h/a#f?q')).toBe('a')
    expect(routePathOf('http://h/a#f')).toBe('a')
    expect(routePathOf('http://h/a/?q')).toBe('a/')
    expect(routePathOf('http://h/')).toBe('')
  })
})
