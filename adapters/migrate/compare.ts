/**
 * `compareStacks`: the migration comparison. One set of hook classes runs as an
 * old-style stack (`legacyStack`) and as a new-style one (`createHandler` +
 * `fromHooks`) over the same requests; every difference in status, headers, body and
 * hook calls is reported, labelled with the rule that explains it.
 *
 * @module
 */
import {
  createHandler,
  ImproperlyConfigured,
  type Handler,
  type Logger,
  type Middleware,
  type ViewOrResolver,
} from '../../src/index.js'
import { fromHooks, legacyStack, type HookClass } from '../legacy/index.js'
import { labelsFor, rulesInPlay, type MigrationRuleId } from './migration-rules.js'
import { requestFrom, type RecordedRequest } from './recorded-requests.js'
import {
  newTracer,
  traced,
  tracedClass,
  tracedResolver,
  tracedView,
  type Tracer,
} from './trace.js'

/** `compareStacks`' options. */
export type CompareOptions = {
  /** The hook classes, top first, as for `legacyStack`. */
  readonly middleware: readonly HookClass[]
  /** The requests to run both ways, one after another, in order. */
  readonly requests: Iterable<Request | RecordedRequest>
  /** Where both stacks log. Default: nowhere (the answers are what is compared). */
  readonly logger?: Logger | undefined
  /** Header names (any case) left out of the comparison, e.g. `date`. */
  readonly ignoreHeaders?: readonly string[] | undefined
} & ViewOrResolver

/** How one style answered one request. */
export interface StyleAnswer {
  /** The response's status code. */
  readonly status: number
  /** Lower-case names, sorted; several `set-cookie` values joined by a newline. */
  readonly headers: readonly (readonly [string, string])[]
  /** The body as text, or `<N bytes of binary>` when it is not UTF-8. */
  readonly body: string
  /** The hook calls and the view, in order: `A.processRequest`, `view`, ... */
  readonly calls: readonly string[]
}

/** One way the two answers differ, with the rules that explain it. */
export type Difference = {
  /** The migration rules that explain it; `unexplained` when none does. */
  readonly rules: readonly MigrationRuleId[]
} & (
  | {
      /** The status codes differ. */
      readonly field: 'status'
      /** The old style's status. */
      readonly old: number
      /** The new style's status. */
      readonly new: number
    }
  | {
      /** A header differs. */
      readonly field: 'header'
      /** The header's lower-case name. */
      readonly name: string
      /** The old style's value; `null` when it did not send the header. */
      readonly old: string | null
      /** The new style's value; `null` when it did not send the header. */
      readonly new: string | null
    }
  | {
      /** The bodies differ. */
      readonly field: 'body'
      /** The old style's body, as `StyleAnswer.body`. */
      readonly old: string
      /** The new style's body, as `StyleAnswer.body`. */
      readonly new: string
    }
  | {
      /** The hooks called, or their order, differ. */
      readonly field: 'calls'
      /** The old style's calls, in order. */
      readonly old: readonly string[]
      /** The new style's calls, in order. */
      readonly new: readonly string[]
    }
)

/** One request, both answers, and their differences (none when they agree). */
export interface RequestComparison {
  /** Its position in `requests`. */
  readonly index: number
  /** The request's method. */
  readonly method: string
  /** The request's absolute URL. */
  readonly url: string
  /** How the old-style stack (`legacyStack`) answered. */
  readonly old: StyleAnswer
  /** How the new-style stack (`createHandler` with `fromHooks`) answered. */
  readonly new: StyleAnswer
  /** Empty when both answered alike. */
  readonly differences: readonly Difference[]
}

/** What `compareStacks` found. */
export interface MigrationReport {
  /** How many requests ran. */
  readonly requests: number
  /** How many of them answered differently. */
  readonly differing: number
  /**
   * The constructor calls of each style, in order (M10): old `A()`, `B()` top to
   * bottom; new `B(getResponse)`, `A(getResponse)` bottom to top. A class left out by
   * `MiddlewareNotUsed` is listed: its constructor ran.
   */
  readonly construction: {
    /** The old style's constructor calls, top to bottom. */
    readonly old: readonly string[]
    /** The new style's constructor calls, bottom to top. */
    readonly new: readonly string[]
  }
  /** Every request, in order. */
  readonly results: readonly RequestComparison[]
}

const ignore = (): void => {}
const silent: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore }
const utf8 = new TextDecoder('utf-8', { fatal: true })

function bodyText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    return `<${bytes.byteLength} bytes of binary>`
  }
}

interface Answered {
  readonly status: number
  readonly headers: Map<string, string>
  readonly bytes: Uint8Array
}

async function answered(response: Response): Promise<Answered> {
  const headers = new Map<string, string>()
  for (const name of new Set(response.headers.keys())) {
    headers.set(
      name,
      name === 'set-cookie'
        ? response.headers.getSetCookie().join('\n')
        : response.headers.get(name)!,
    )
  }
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, headers, bytes }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])

const sameCalls = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((entry, i) => entry === b[i])

/** Both styles' handlers over the same classes, each with its own tracer. */
function buildBoth(options: CompareOptions, logger: Logger) {
  const { middleware } = options
  if (!Array.isArray(middleware)) {
    throw new ImproperlyConfigured(
      'compareStacks() middleware must be an array of hook classes.',
    )
  }
  const build = (tracer: Tracer) => {
    const classes = middleware.map((HookClass: HookClass) =>
      typeof HookClass === 'function' && HookClass.prototype !== undefined
        ? tracedClass(HookClass, tracer)
        : HookClass,
    )
    const target =
      options.view !== undefined
        ? { view: tracedView(options.view, tracer, new Map()) }
        : options.resolve !== undefined
          ? { resolve: tracedResolver(options.resolve, tracer) }
          : {}
    return { tracer, classes, target }
  }
  const old = build(newTracer())
  const neu = build(newTracer())
  const oldHandler = legacyStack({
    middleware: old.classes,
    logger,
    ...old.target,
  })
  const newHandler: Handler = createHandler({
    middleware: neu.classes.map((HookClass) => fromHooks(HookClass) as Middleware),
    logger,
    ...neu.target,
  })
  return { old: { ...old, handler: oldHandler }, new: { ...neu, handler: newHandler } }
}

function headerDifferences(
  old: Map<string, string>,
  neu: Map<string, string>,
  ignored: ReadonlySet<string>,
  rules: MigrationRuleId[],
): Difference[] {
  const names = [...new Set([...old.keys(), ...neu.keys()])].sort()
  return names
    .filter((name) => !ignored.has(name) && old.get(name) !== neu.get(name))
    .map((name) => ({
      field: 'header',
      name,
      old: old.get(name) ?? null,
      new: neu.get(name) ?? null,
      rules,
    }))
}

function answer(result: Answered, calls: readonly string[]): StyleAnswer {
  return {
    status: result.status,
    // Already sorted: `Headers` iterate by lower-case name (Fetch's "sort and combine").
    headers: [...result.headers],
    body: bodyText(result.bytes),
    calls,
  }
}

/**
 * Runs the same hook classes both ways over the same requests, one request at a time,
 * and reports every difference: the old style is `legacyStack` (Django's
 * `MIDDLEWARE_CLASSES`), the new one `createHandler` with each class through
 * `fromHooks` (Django's `MIDDLEWARE`). Each difference in status, a header, the body or
 * the order of hook calls is labelled with the rules that explain it
 * (`MIGRATION_RULES`: M9.1 short-circuit reach, M9.2 `processRequest` raised, M9.3
 * `processResponse` raised, M10 rows, O16, O17) or `unexplained`.
 *
 * Each style gets its own instances of the classes, built once; each request is made
 * twice (a `Request` is cloned), and both bodies are read in full. Hooks are traced
 * without changing what they do; a `processView` still receives the user's own view.
 * Both stacks run in production mode (`debug` off), so error pages compare equal.
 *
 * @param options - `middleware` (hook classes, top first), `view` or `resolve`,
 *   `requests` (`Request`s or `RecordedRequest`s), `logger` (default: silent),
 *   `ignoreHeaders` (default none).
 * @returns The report: per request both answers and their differences (data); see
 *   `formatReport` for text.
 * @throws TypeError naming the request that cannot be made (`requests[3] has no url.`);
 *   `ImproperlyConfigured` when `middleware` is not an array, and as `legacyStack` and
 *   `createHandler` throw it, when the stack cannot be built.
 *
 * @example
 * ```ts
 * import { compareStacks } from 'shallot/migrate'
 *
 * class Maintenance {
 *   processRequest(request: Request) {
 *     if (new URL(request.url).pathname === '/closed') return new Response('closed', { status: 503 })
 *   }
 * }
 * class Stamp {
 *   processResponse(request: Request, response: Response) {
 *     response.headers.set('x-stamp', '1')
 *     return response
 *   }
 * }
 * const report = await compareStacks({
 *   middleware: [Maintenance, Stamp],
 *   view: () => new Response('open'),
 *   requests: [{ url: '/' }, { url: '/closed' }],
 * })
 * console.log(report.differing) // 1
 * const [difference] = report.results[1]!.differences
 * console.log(difference?.field, difference?.rules) // header [ 'M9.1' ]
 * ```
 */
export async function compareStacks(options: CompareOptions): Promise<MigrationReport> {
  const logger = options.logger ?? silent
  const ignored = new Set(
    (options.ignoreHeaders ?? []).map((name) => name.toLowerCase()),
  )
  const both = buildBoth(options, logger)
  const results: RequestComparison[] = []
  let index = 0
  for (const entry of options.requests) {
    const request = requestFrom(entry, index)
    const again = entry instanceof Request ? request.clone() : requestFrom(entry, index)
    const old = await traced(both.old.tracer, both.old.handler, again, answered)
    const neu = await traced(both.new.tracer, both.new.handler, request, answered)
    const oldCalls = old.calls.map((call) => call.entry)
    const newCalls = neu.calls.map((call) => call.entry)
    const inPlay = rulesInPlay(
      [old.calls, neu.calls],
      request.method,
      old.result.status,
    )
    const differences: Difference[] = []
    if (old.result.status !== neu.result.status) {
      differences.push({
        field: 'status',
        old: old.result.status,
        new: neu.result.status,
        rules: labelsFor('status', inPlay),
      })
    }
    differences.push(
      ...headerDifferences(
        old.result.headers,
        neu.result.headers,
        ignored,
        labelsFor('header', inPlay),
      ),
    )
    const oldAnswer = answer(old.result, oldCalls)
    const newAnswer = answer(neu.result, newCalls)
    if (!sameBytes(old.result.bytes, neu.result.bytes)) {
      differences.push({
        field: 'body',
        old: oldAnswer.body,
        new: newAnswer.body,
        rules: labelsFor('body', inPlay),
      })
    }
    if (!sameCalls(oldCalls, newCalls)) {
      differences.push({
        field: 'calls',
        old: oldCalls,
        new: newCalls,
        rules: labelsFor('calls', inPlay),
      })
    }
    results.push({
      index,
      method: request.method,
      url: request.url,
      old: oldAnswer,
      new: newAnswer,
      differences,
    })
    index += 1
  }
  return {
    requests: results.length,
    differing: results.filter((result) => result.differences.length > 0).length,
    construction: {
      old: both.old.tracer.constructed,
      new: both.new.tracer.constructed,
    },
    results,
  }
}
