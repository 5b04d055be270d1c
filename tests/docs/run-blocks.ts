/**
 * Runs the docs' code blocks, one module after another in this one process (started
 * by code-blocks.test.ts under tsx, with `shallot` mapped to the sources), and writes
 * what each printed, or how it failed, as JSON.
 *
 * Usage: tsx --tsconfig <dir>/tsconfig.json run-blocks.ts <jobs.json> <results.json>
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { format } from 'node:util'

export interface Job {
  readonly id: string
  readonly file: string
}

export interface RunResult {
  readonly id: string
  /** Each `console.log` call, formatted as Node prints it. */
  readonly logs: string[]
  /** Everything else written to the console (warn, error...), for failure messages. */
  readonly otherConsole: string[]
  /** The error (stack) the block threw or rejected with, if any. */
  readonly error?: string
}

const TIMEOUT_MS = 5_000

const [jobsPath, resultsPath] = process.argv.slice(2)
if (jobsPath === undefined || resultsPath === undefined) {
  throw new Error('usage: run-blocks.ts <jobs.json> <results.json>')
}
const jobs = JSON.parse(readFileSync(jobsPath, 'utf8')) as Job[]
const results: RunResult[] = []
const original = { ...console }
let stray: unknown[] = []
process.on('unhandledRejection', (reason) => stray.push(reason))
process.on('uncaughtException', (error) => stray.push(error))

const describe = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? String(error)) : format('%o', error)

for (const job of jobs) {
  const logs: string[] = []
  const otherConsole: string[] = []
  stray = []
  console.log = (...args: unknown[]) => void logs.push(format(...args))
  for (const level of ['info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...args: unknown[]) =>
      void otherConsole.push(`${level}: ${format(...args)}`)
  }
  let error: string | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      import(pathToFileURL(job.file).href),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not finish within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        )
      }),
    ])
    // Let promises the block started but did not await settle, so their failures count.
    await new Promise((resolve) => setTimeout(resolve, 0))
  } catch (thrown) {
    error = describe(thrown)
  } finally {
    clearTimeout(timer)
    Object.assign(console, original)
  }
  if (error === undefined && stray.length > 0) error = stray.map(describe).join('\n')
  results.push(
    error === undefined
      ? { id: job.id, logs, otherConsole }
      : { id: job.id, logs, otherConsole, error },
  )
}

writeFileSync(resultsPath, JSON.stringify(results))
// A block may leave a timer or a socket open; the results are written, so stop here.
process.exit(0)
