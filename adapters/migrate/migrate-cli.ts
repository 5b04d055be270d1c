/**
 * The `shallot-migrate` command: loads a user's stack module, runs `compareStacks`
 * and prints the report. Node only (it reads files); not part of `shallot/migrate`'s
 * exports, so the entry point stays runtime-neutral.
 *
 * @module
 */
import { access, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareStacks, type CompareOptions } from './compare.js'
import { requestsFromLog } from './recorded-requests.js'
import { formatReport } from './report-text.js'

/** Where the command writes, and the directory paths are relative to. */
export interface CliIo {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly cwd: string
  /** Loads a module from its URL; default: the runtime's `import()`. */
  readonly load?: ((url: string) => Promise<Record<string, unknown>>) | undefined
}

/** What the executable uses of Node's `process`. */
export interface CliProcess {
  readonly argv: readonly string[]
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  cwd(): string
  exitCode?: number | string | null | undefined
}

const importModule = (url: string) => import(url) as Promise<Record<string, unknown>>

export const USAGE = `Usage: shallot-migrate <module> [--requests <file>] [--json] [--all] [--ignore-header <name>]...

Runs the hook classes of <module> as an old-style stack (legacyStack) and as a new-style
one (createHandler + fromHooks) over the same requests, and reports every difference,
labelled with the rule that explains it.

<module> exports (as default, or as "migration") an object with:
  middleware  the hook classes, top first
  view        the view, or resolve: the resolver
  requests    the requests (optional when --requests is given)

  --requests <file>      recorded traffic: a JSON array, JSON lines, or access-log lines
  --json                 print the report as JSON instead of text
  --all                  also list the requests that answered the same
  --ignore-header <name> leave a header out of the comparison (repeatable)

Exit status: 0 when every request answered the same, 1 when some differ, 2 on an error.
A TypeScript module needs a loader: node --import tsx ./node_modules/.bin/shallot-migrate stack.ts`

interface Args {
  readonly module: string
  readonly requests?: string
  readonly json: boolean
  readonly all: boolean
  readonly ignoreHeaders: string[]
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Args | 'help' {
  let module: string | undefined
  let requests: string | undefined
  let json = false
  let all = false
  const ignoreHeaders: string[] = []
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!
    const value = () => {
      const next = argv[(i += 1)]
      if (next === undefined) throw new UsageError(`${arg} needs a value.`)
      return next
    }
    if (arg === '--help' || arg === '-h') return 'help'
    else if (arg === '--json') json = true
    else if (arg === '--all') all = true
    else if (arg === '--requests') requests = value()
    else if (arg === '--ignore-header') ignoreHeaders.push(value())
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}.`)
    else if (module === undefined) module = arg
    else throw new UsageError(`one module only, got ${module} and ${arg}.`)
  }
  if (module === undefined) throw new UsageError('which module? Give its path.')
  return { module, json, all, ignoreHeaders, ...(requests && { requests }) }
}

/** The module's stack: its default export, or its `migration` export. */
async function loadStack(
  path: string,
  shown: string,
  load: NonNullable<CliIo['load']>,
): Promise<Partial<CompareOptions>> {
  if (!/\.[cm]?[jt]sx?$/.test(path)) {
    throw new UsageError(`${shown} is not a JavaScript or TypeScript module.`)
  }
  // Checked first: an import error may name this path too, for a dependency it lacks.
  try {
    await access(path)
  } catch {
    throw new UsageError(`${shown}: no such module.`)
  }
  let loaded: Record<string, unknown>
  try {
    loaded = await load(pathToFileURL(path).href)
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(
        `${shown}: Node cannot load TypeScript by itself; run with a loader: node --import tsx ./node_modules/.bin/shallot-migrate ${shown}`,
      )
    }
    throw error
  }
  const stack = loaded['migration'] ?? loaded['default']
  if (typeof stack !== 'object' || stack === null) {
    throw new UsageError(
      `${shown} exports no stack: export default (or export const migration =) { middleware, view, requests }.`,
    )
  }
  return stack
}

/**
 * Runs the command with `argv` (the arguments after the command's name).
 *
 * @returns The exit status: 0 all the same, 1 some differ, 2 an error (written to `err`).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parse(argv)
    if (args === 'help') {
      io.out(USAGE)
      return 0
    }
    const path = resolve(io.cwd, args.module)
    const stack = await loadStack(path, args.module, io.load ?? importModule)
    const requests =
      args.requests !== undefined
        ? requestsFromLog(await readFile(resolve(io.cwd, args.requests), 'utf8'))
        : stack.requests
    if (requests === undefined) {
      throw new UsageError(
        `${args.module} exports no requests: add requests to its stack or pass --requests <file>.`,
      )
    }
    const report = await compareStacks({
      ...stack,
      requests,
      ignoreHeaders: [...(stack.ignoreHeaders ?? []), ...args.ignoreHeaders],
    } as CompareOptions)
    io.out(args.json ? JSON.stringify(report, null, 2) : formatReport(report, args))
    return report.differing === 0 ? 0 : 1
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.err(`shallot-migrate: ${message}`)
    if (error instanceof UsageError) io.err('Run shallot-migrate --help for usage.')
    return 2
  }
}

/**
 * The executable: `main` with the process's arguments, standard output and error, and
 * working directory; the exit status goes to `exitCode`.
 */
export async function runAsProcess(proc: CliProcess): Promise<void> {
  proc.exitCode = await main(proc.argv.slice(2), {
    out: (text) => proc.stdout.write(`${text}\n`),
    err: (text) => proc.stderr.write(`${text}\n`),
    cwd: proc.cwd(),
  })
}
