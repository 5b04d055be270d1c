/**
 * The tracing under `compareStacks`: how the call log (semantics.md §0 notation) names
 * anonymous classes, thrown values and odd responses, and that tracing stays
 * transparent: resolvers keep answering as they do, and a hook called outside a
 * compared request (a class that keeps its instance) behaves as the user's own.
 */
import { describe, expect, it } from 'vitest'
import { compareStacks } from '../../../adapters/migrate/index.js'
import type { View } from '../../../src/index.js'

const ok: View = () => new Response('ok')

describe('the call log’s names', () => {
  it('an anonymous class is `anonymous`, in the calls and the construction', async () => {
    const [Anonymous] = [
      class {
        processRequest() {
          return undefined
        }
      },
    ]
    const report = await compareStacks({
      middleware: [Anonymous],
      view: ok,
      requests: [{ url: '/' }],
    })
    expect(report.construction).toEqual({
      old: ['anonymous()'],
      new: ['anonymous(getResponse)'],
    })
    expect(report.results[0]!.old.calls).toEqual(['anonymous.processRequest', 'view'])
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['string', 'text'],
    ['object', Object.create(null) as object],
    ['object', new [class {}][0]!()],
    ['RangeError', new RangeError('range')],
  ])('§0 — processException(%s) for a view that threw %j', async (name, value) => {
    class Watch {
      processException() {
        return undefined
      }
    }
    const report = await compareStacks({
      middleware: [Watch],
      view: () => {
        throw value
      },
      requests: [{ url: '/' }],
    })
    expect(report.results[0]!.old.calls).toEqual([
      'view',
      `Watch.processException(${name})`,
    ])
    expect(report.differing).toBe(0)
  })

  it('§0 — a processResponse given something with no status shows what it got (old style passes a renderable on unrendered)', async () => {
    class Outer {
      processResponse(request: Request, response: Response) {
        return response
      }
    }
    class Inner {
      processResponse() {
        return { render: () => new Response('late') } as unknown as Response
      }
    }
    const report = await compareStacks({
      middleware: [Outer, Inner],
      view: ok,
      requests: [{ url: '/' }],
    })
    const result = report.results[0]!
    expect(result.old.calls).toEqual([
      'view',
      'Inner.processResponse[200]',
      'Outer.processResponse[[object Object]]',
    ])
    expect(result.new.calls).toEqual([
      'view',
      'Inner.processResponse[200]',
      'Outer.processResponse[200]',
    ])
    expect(result.old.body).toBe('late')
    expect(result.new.body).toBe('late')
    expect(result.differences.map((d) => [d.field, d.rules])).toEqual([
      ['calls', ['M10.template-response']],
    ])
  })
})

describe('resolvers under tracing', () => {
  it('O5/N7 — a resolver that matches nothing: both styles answer 404, no hook or view runs', async () => {
    class Pass {
      processView() {
        return undefined
      }
    }
    const report = await compareStacks({
      middleware: [Pass],
      resolve: () => null,
      requests: [{ url: '/nowhere' }],
    })
    const result = report.results[0]!
    expect([result.old.status, result.new.status]).toEqual([404, 404])
    expect([result.old.calls, result.new.calls]).toEqual([[], []])
  })

  it('the same view matched on every request is traced on every request', async () => {
    const report = await compareStacks({
      middleware: [],
      resolve: async () => ({ view: ok }),
      requests: [{ url: '/a' }, { url: '/b' }, { url: '/c' }],
    })
    expect(report.results.map((r) => [r.old.calls, r.new.calls])).toEqual([
      [['view'], ['view']],
      [['view'], ['view']],
      [['view'], ['view']],
    ])
  })
})

describe('a hook called outside a compared request', () => {
  it('is not recorded, and behaves as the user’s own: its arguments and answer are untouched', async () => {
    const kept: { processView: (request: Request, ...rest: unknown[]) => unknown }[] =
      []
    const seen: unknown[] = []
    class Keeper {
      constructor() {
        kept.push(this)
      }
      processView(request: Request, view: unknown) {
        seen.push(view)
        return view === ok ? undefined : new Response('other')
      }
    }
    const report = await compareStacks({
      middleware: [Keeper],
      view: ok,
      requests: [{ url: '/' }],
    })
    expect(kept).toHaveLength(2)
    const before = JSON.stringify(report)
    const other: View = () => new Response('unused')
    const answer = kept[0]!.processView(new Request('http://localhost/'), other, [], {})
    expect(answer).toBeInstanceOf(Response)
    expect(await (answer as Response).text()).toBe('other')
    expect(seen).toEqual([ok, ok, other])
    expect(JSON.stringify(report)).toBe(before)
  })
})
