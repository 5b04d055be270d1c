/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32), so a soak run
 * can be repeated from the seed it prints. Much cheaper per draw than fast-check's
 * arbitraries, which matters at a million plans.
 */

/** A stream of draws from one seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** An integer in [low, high]. */
  between(low: number, high: number): number
  /** One of `items`, each equally likely. */
  pick<T>(items: readonly T[]): T
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One of the entries of `table`, each as likely as its weight. */
  weighted<T>(table: Weights<T>): T
}

/** `[value, weight]` pairs; weights are relative and need not add up to anything. */
export type Weights<T> = readonly (readonly [T, number])[]

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** A generator for `seed` (any 32-bit integer); the same seed gives the same draws. */
export function seeded(seed: number): Random {
  const mix = splitmix32(seed)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const next = (): number => {
    // sfc32: small, fast, and passes PractRand far beyond what a soak draws.
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4_294_967_296
  }
  const int = (n: number): number => Math.floor(next() * n)
  return {
    next,
    int,
    between: (low, high) => low + int(high - low + 1),
    pick: (items) => items[int(items.length)]!,
    chance: (p) => next() < p,
    weighted: (table) => {
      let total = 0
      for (const [, weight] of table) total += weight
      let draw = next() * total
      for (const [value, weight] of table) {
        draw -= weight
        if (draw < 0) return value
      }
      return table[table.length - 1]![0]
    },
  }
}
