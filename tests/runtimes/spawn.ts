/**
 * Starting a runtime for a test: its own process group, output collected, a watchdog
 * process that kills it if the test process dies, and `stop()` that ends it within a
 * bounded time (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

export interface SpawnedRuntime {
  readonly child: ChildProcess
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves with the first match of `pattern` in its output, or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
  /** Ends it (and its process group): SIGTERM, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export interface RuntimeOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** The watchdog kills the runtime after this long whatever happens. Default 5 min. */
  readonly maxLifetimeMs?: number
  /** Extra stdio entries after stdin/stdout/stderr (e.g. a pipe for `--control-fd`). */
  readonly extraStdio?: SpawnOptions['stdio']
}

export function spawnRuntime(
  command: string,
  args: readonly string[],
  options: RuntimeOptions = {},
): SpawnedRuntime {
  const extra = Array.isArray(options.extraStdio) ? options.extraStdio : []
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...extra],
  })
  let output = ''
  const listeners = new Set<() => void>()
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.pid !== undefined) {
    const watchdog = spawn(
      process.execPath,
      [
        join(here, 'watchdog.mjs'),
        String(process.pid),
        String(child.pid),
        String(options.maxLifetimeMs ?? 300_000),
      ],
      { detached: true, stdio: 'ignore' },
    )
    watchdog.unref()
  }
  return {
    child,
    output: () => output,
    waitFor(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output)
          if (match === null) return false
          cleanup()
          resolve(match)
          return true
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(
            new Error(
              `${command} did not print ${pattern} within ${ms} ms; it printed:\n${output}`,
            ),
          )
        }, ms)
        const onExit = () => {
          if (check()) return
          cleanup()
          reject(
            new Error(
              `${command} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`,
            ),
          )
        }
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(listener)
          child.off('exit', onExit)
        }
        const listener = () => void check()
        if (check()) return
        listeners.add(listener)
        child.once('exit', onExit)
      })
    },
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal)
        } catch {
          child.kill(signal)
        }
      }
      group('SIGTERM')
      const timer = setTimeout(() => group('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
