/**
 * Properties of `shallot/urls`: `reverse` then `resolve` gives back the route and its
 * kwargs, whatever the values (U4, U8, U9, D8), and the index finds what a plain scan of
 * the routes in list order finds (U2). 500 random cases in `npm test`, 10,000 in `npm
 * run soak`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { include, path, urls } from '../../src/urls/index.js'
import { runs } from '../support/runs.js'

const RUNS = runs(500, 10_000)
const view = () => null
const request = (url: string) => new Request(`http://localhost${url}`)

const conf = urls([
  path('users/<int:id>/', view, { name: 'user' }),
  path('files/<name>/', view, { name: 'file' }),
  path('tree/<path:rest>', view, { name: 'tree' }),
  path(
    'tags/',
    include([path('<slug:tag>/', view, { name: 'tag' })], { namespace: 't' }),
  ),
])

/**
 * Text without lone surrogates (`reverse` cannot encode them) nor `.` or `..` segments
 * (URL parsers remove them, so `reverse` refuses them; tested in tests/src/urls).
 */
const text = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((value) => !/(?:^|\/)\.{1,2}(?:\/|$)/.test(value))
  // <path:...> is `.+`, as in Django, and `.` matches no line terminator: such a value
  // has no URL, and reverse says so (NoReverseMatch).
  .filter((value) => !/[\n\r\u2028\u2029]/.test(value))

describe('reverse then resolve (U8, U9, D8)', () => {
  it('gives back the name and the kwargs', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ name: fc.constant('user'), kwargs: fc.record({ id: fc.nat() }) }),
          fc.record({
            name: fc.constant('file'),
            kwargs: fc.record({ name: text.filter((value) => !value.includes('/')) }),
          }),
          fc.record({ name: fc.constant('tree'), kwargs: fc.record({ rest: text }) }),
          fc.record({
            name: fc.constant('t:tag'),
            kwargs: fc.record({ tag: fc.stringMatching(/^[-a-zA-Z0-9_]{1,10}$/) }),
          }),
        ),
        ({ name, kwargs }) => {
          const url = (conf.reverse as (n: string, k: object) => string)(name, kwargs)
          const match = conf.resolve(request(url))
          expect(match?.name).toBe(name)
          expect(match?.kwargs).toEqual(kwargs)
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('the index (U2)', () => {
  it('finds the same route as trying every route in list order', () => {
    const segment = fc.constantFrom('a', 'b', 'c', '1', '<int:n>', '<s>', '<path:p>')
    const route = fc.array(segment, { minLength: 0, maxLength: 3 }).map((parts) => {
      // One name per parameter kind and place keeps the route valid.
      const named = parts.map((part, index) =>
        part.replace(/(<(?:\w+:)?)(\w+)>/, `$1$2${index}>`),
      )
      return (
        named.join('/') +
        (named.length > 0 && !named.at(-1)!.includes('path:') ? '/' : '')
      )
    })
    const pathArb = fc
      .array(fc.constantFrom('a', 'b', 'c', '1', '22', 'x%2Fy'), { maxLength: 4 })
      .chain((parts) =>
        fc.boolean().map((slash) => parts.join('/') + (slash ? '/' : '')),
      )
    fc.assert(
      fc.property(
        fc.array(route, { minLength: 1, maxLength: 12 }),
        pathArb,
        (routes, tail) => {
          const built = routes.map((each, index) =>
            path(each, view, { name: `r${index}` }),
          )
          const { resolve } = urls(built)
          // Each route alone: the first that resolves the path is the scan's answer.
          const scan = routes.findIndex(
            (each) =>
              urls([path(each, view)]).resolve(request(`/${tail}`)) !== undefined,
          )
          expect(resolve(request(`/${tail}`))?.name).toBe(
            scan < 0 ? undefined : `r${scan}`,
          )
        },
      ),
      { numRuns: RUNS },
    )
  })
})
