/**
 * Compile-time order checks for typed stacks. Types only: nothing here exists at
 * run time.
 *
 * @module
 */
import type { ProvidesOf, RequiresOf } from './types.js'

/**
 * The type a stack is compared with when an entry is out of order. Its type arguments
 * are the keys no outer layer provides and the entry (`"middleware[2]"`), so the
 * compiler's first line names both; its one property says what to do.
 */
export interface NeedsAnOuterLayerToProvide<
  Missing extends PropertyKey,
  Entry extends string = string,
> {
  /** The missing keys and the entry; the property's name says what to do. */
  readonly 'shallot: move this middleware inside the one that provides': readonly [
    Missing,
    Entry,
  ]
}

/** Each entry as given where its requirements are met, the error type where not. */
export type CheckOrder<Ms, Have extends object = {}> = Ms extends readonly [
  infer M,
  ...infer Rest,
]
  ? readonly [
      [Have] extends [RequiresOf<M>]
        ? M
        : NeedsAnOuterLayerToProvide<Exclude<keyof RequiresOf<M>, keyof Have>>,
      ...CheckOrder<Rest, Have & ProvidesOf<M>>,
    ]
  : readonly []

/** Everything the entries of a stack add to the request, outermost first. */
export type ProvidedBy<Ms, Have extends object = {}> = Ms extends readonly [
  infer M,
  ...infer Rest,
]
  ? ProvidedBy<Rest, Have & ProvidesOf<M>>
  : Have

/** What a stack needs from outside: each entry's requirements not met by an earlier one. */
export type RequiredBy<
  Ms,
  Have extends object = {},
  Needs extends object = {},
> = Ms extends readonly [infer M, ...infer Rest]
  ? RequiredBy<
      Rest,
      Have & ProvidesOf<M>,
      [Exclude<keyof RequiresOf<M>, keyof Have>] extends [never]
        ? Needs
        : Needs & Pick<RequiresOf<M>, Exclude<keyof RequiresOf<M>, keyof Have>>
    >
  : Needs

/** The keys of `Needs` that `Have` lacks, or holds with a type `Needs` does not take. */
type Unmet<Needs, Have> = {
  [K in keyof Needs]-?: K extends keyof Have
    ? [Have[K]] extends [Needs[K]]
      ? never
      : K
    : K
}[keyof Needs]

/** What `M` needs that `Have` does not give; for a conditional entry, what any member needs. */
type MissingFor<M, Have> = M extends unknown ? Unmet<RequiresOf<M>, Have> : never

/** The name of the entry after the ones counted in `Seen`. */
type Entry<Seen extends readonly unknown[]> = `middleware[${Seen['length']}]`

/**
 * The first entry whose requirements no outer entry meets, as
 * {@link NeedsAnOuterLayerToProvide}, or `never` when every one is met. Past a spread
 * (`...rest`) or in a stack typed as an array, the order is unknown: an entry there that
 * needs anything the fixed entries before it do not provide is an error, never a
 * silent pass.
 */
export type FirstOutOfOrder<
  Ms,
  Have extends object = {},
  Seen extends readonly unknown[] = [],
> = Ms extends readonly [infer M, ...infer Rest]
  ? [MissingFor<M, Have>] extends [never]
    ? FirstOutOfOrder<Rest, Have & ProvidesOf<M>, [...Seen, M]>
    : NeedsAnOuterLayerToProvide<MissingFor<M, Have>, Entry<Seen>>
  : Ms extends readonly []
    ? never
    : Ms extends readonly (infer M)[]
      ? [MissingFor<M, Have>] extends [never]
        ? never
        : NeedsAnOuterLayerToProvide<
            MissingFor<M, Have>,
            `${Entry<Seen>} and after: an array, whose order the compiler cannot see (list the entries inline, or add as const)`
          >
      : never

/**
 * The stack itself when its order holds, the error type naming the first entry out of
 * order otherwise. `createHandler` types its `middleware` option with it, so the
 * compiler's first line names the missing key and the entry, whether the stack is
 * written inline or kept in a variable. A stack typed as a plain array
 * (`Middleware[]`, built at run time) passes when none of its entries needs anything;
 * one whose entries need something fails, since its order cannot be checked.
 */
export type ValidOrder<Ms> = [FirstOutOfOrder<Ms>] extends [never]
  ? Ms
  : FirstOutOfOrder<Ms>
