/**
 * Compile-time order checks for typed stacks. Types only: nothing here exists at
 * run time.
 *
 * @module
 */
import type { ProvidesOf, RequiresOf } from './types.js'

/**
 * The type an out-of-order entry is compared with: it names the keys that no outer
 * layer provides, so the compiler's message says what is missing.
 */
export interface NeedsAnOuterLayerToProvide<Missing extends PropertyKey> {
  /** The keys no outer layer provides; the property's name says what to do. */
  readonly 'shallot: move this middleware inside the one that provides': Missing
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

/**
 * `unknown` (no constraint) for a well-ordered stack, the offending shape otherwise.
 * A stack typed as a plain array (`Middleware[]`, built at run time) has no fixed
 * order to check, so it passes, and its entries provide nothing the compiler can see.
 */
export type ValidOrder<Ms extends readonly unknown[]> = number extends Ms['length']
  ? unknown
  : CheckOrder<Ms> extends infer Checked
    ? Ms extends Checked
      ? unknown
      : {
          /** Each entry as given where its order is right, the error type where not. */
          readonly middleware: Checked
        }
    : never
