/**
 * Random stacks of hook classes for the property tests that run one stack in both
 * styles: what each class does (a spec drawn by the test), the classes and view a
 * spec stands for, and the stack as either style's handler.
 */
import { fromHooks, legacyStack, type HookClass } from '../../adapters/legacy/index.js'
import {
  createHandler,
  MiddlewareNotUsed,
  type Handler,
  type Logger,
  type View,
} from '../../src/index.js'
import { perform, respond } from './actions.js'
import { hookClass, type HookName } from './hooks.js'
import { outcomeAction, type Outcome } from './outcomes.js'

/** A class: the hooks it sets, each doing its default or an outcome. */
export interface ClassSpec {
  readonly hooks: Partial<Record<HookName, Outcome | 'default'>>
  readonly async: boolean
  /** Its constructor raises `MiddlewareNotUsed`. */
  readonly notUsed: boolean
}

/**
 * Hook classes `K0`, `K1`, ... for `specs`, logging their calls into `log`. Each class
 * has all five hooks, or with `onlyChosen` just the ones its spec names.
 */
export function classesFor(
  specs: readonly ClassSpec[],
  log: string[],
  { onlyChosen = false }: { readonly onlyChosen?: boolean } = {},
): HookClass[] {
  return specs.map((spec, index) => {
    const name = `K${index}`
    const config: Record<string, unknown> = { async: spec.async }
    if (onlyChosen) config.only = Object.keys(spec.hooks)
    if (spec.notUsed) {
      config.construct = () => {
        throw new MiddlewareNotUsed(name)
      }
    }
    for (const [hook, outcome] of Object.entries(spec.hooks)) {
      if (outcome !== 'default') {
        config[hook] = outcomeAction(outcome, `${name}.${hook}`, log)
      }
    }
    return hookClass(name, log, config)
  })
}

/** A view that logs `view` and answers `view` (its default) or does `outcome`. */
export function viewFor(outcome: Outcome | 'default', log: string[]): View {
  return function view() {
    log.push('view')
    return perform(
      outcome === 'default' ? respond('view') : outcomeAction(outcome, 'view', log),
    ) as Response
  }
}

export type Style = 'old' | 'new'

/**
 * The classes as one stack in `style`: `legacyStack` (old), or `createHandler` with
 * each class through `fromHooks` (new).
 */
export function stackIn(
  style: Style,
  options: {
    readonly middleware: HookClass[]
    readonly view: View
    readonly logger: Logger
  },
): Handler {
  const { middleware, view, logger } = options
  return style === 'old'
    ? legacyStack({ middleware, view, logger })
    : createHandler({
        middleware: middleware.map((HookClass) => fromHooks(HookClass)),
        view,
        logger,
      })
}
