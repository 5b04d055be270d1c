/**
 * Routing cost: `shallot/urls` resolving with 10, 100 and 1,000 routes, and Hono's
 * default router (`SmartRouter` over `RegExpRouter` and `TrieRouter`, what `new
 * Hono()` uses) matching the same paths with 100 routes. Standalone: `npx tsx
 * bench/routing.ts` prints nanoseconds per lookup, each the best of seven runs taken in turn.
 *
 * @module
 */
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { SmartRouter } from 'hono/router/smart-router'
import { TrieRouter } from 'hono/router/trie-router'
import { getPath } from 'hono/utils/url'
import { path, urls } from '../src/urls/index.js'

/** What one figure is: nanoseconds per lookup. */
export interface RoutingFigure {
  readonly name: string
  readonly nsPerLookup: number
}

const view = () => new Response('ok')

/** `count` resources, each a list and a detail route: `r7/items/` and `r7/items/<id>/`. */
const routesOf = (count: number) =>
  Array.from({ length: count / 2 }, (_, index) => [
    `r${index}/items/`,
    `r${index}/items/<id>/`,
  ]).flat()

/** Paths spread over the routes: every resource's detail and list, in turn. */
const pathsOf = (count: number) =>
  Array.from({ length: 64 }, (_, index) => {
    const resource = Math.floor((index * count) / 2 / 64)
    return index % 2 === 0 ? `/r${resource}/items/${index}/` : `/r${resource}/items/`
  })

/** One case: inputs and the lookup timed over them. */
interface Case {
  readonly name: string
  readonly run: () => number
}

/** A case timing `lookup` over `inputs`: nanoseconds per lookup for one run. */
function timed<T>(
  name: string,
  inputs: readonly T[],
  lookup: (input: T) => unknown,
): Case {
  const rounds = 2000
  return {
    name,
    run() {
      let matched = 0
      const start = performance.now()
      for (let index = 0; index < rounds; index++) {
        for (const input of inputs) if (lookup(input) != null) matched++
      }
      const ns = ((performance.now() - start) * 1e6) / (rounds * inputs.length)
      if (matched === 0) throw new Error(`${name}: nothing matched`)
      return ns
    },
  }
}

/** `shallot/urls` over `count` routes. */
function shallot(count: number): Case {
  const { resolve } = urls(routesOf(count).map((route) => path(route, view)))
  const requests = pathsOf(count).map((p) => new Request(`http://localhost${p}`))
  return timed(`shallot/urls, ${count} routes`, requests, resolve)
}

/**
 * Hono's default router over `count` routes (`:id` for `<id>`), from the request as
 * `Hono.fetch` starts: the path taken from `request.url` by Hono's `getPath`.
 */
function hono(count: number): Case {
  const router = new SmartRouter<typeof view>({
    routers: [new RegExpRouter(), new TrieRouter()],
  })
  for (const route of routesOf(count)) {
    router.add('GET', `/${route.replace('<id>', ':id')}`, view)
  }
  const requests = pathsOf(count).map((p) => new Request(`http://localhost${p}`))
  return timed(`Hono SmartRouter, ${count} routes`, requests, (request) =>
    router.match(request.method, getPath(request)),
  )
}

/**
 * Every figure, in the order printed: the cases run in turn, `runs` times (the first
 * two to warm up), each keeping its best run, so that a slow moment of a busy machine
 * hits every case alike.
 */
export function routingFigures(runs = 9): RoutingFigure[] {
  const cases = [shallot(10), shallot(100), shallot(1000), hono(100)]
  const best = cases.map(() => Infinity)
  for (let run = 0; run < runs; run++) {
    cases.forEach((each, index) => {
      const ns = each.run()
      if (run >= 2) best[index] = Math.min(best[index]!, ns)
    })
  }
  return cases.map((each, index) => ({ name: each.name, nsPerLookup: best[index]! }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { name, nsPerLookup } of routingFigures()) {
    console.log(`${name.padEnd(32)} ${nsPerLookup.toFixed(0).padStart(6)} ns/lookup`)
  }
}
