/**
 * The parent-death watchdog (watchdog.mjs, started by spawnRuntime): a runtime started
 * by a process that dies by SIGKILL, with no exit handler run, still stops within a
 * bounded time. One case per runtime binary the tests spawn.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { capnpConfig } from './workerd-server.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const orphan = fileURLToPath(new URL('entries/orphan.ts', import.meta.url))
const bin = (name: string) => join(root, 'node_modules/.bin', name)

/** The watchdog checks every 200 ms; this leaves room for a loaded machine. */
const BOUND_MS = 5_000

/** Whether `pid` is a live process: a zombie (exited, not yet reaped) counts as gone. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // Linux: the state follows the parenthesised command name in /proc/<pid>/stat.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return true
  }
}

const IDLE = "console.log('ready')\nsetInterval(() => {}, 1 << 30)\n"
const WORKER =
  "console.log('ready')\nexport default { fetch: () => new Response('') }\n"

const runtimes: ReadonlyArray<{
  readonly name: string
  readonly files: Record<string, string>
  readonly command: readonly string[]
}> = [
  {
    name: 'workerd',
    files: { 'worker.js': WORKER, 'config.capnp': capnpConfig('worker.js') },
    command: [bin('workerd'), 'serve', 'config.capnp'],
  },
  {
    name: 'Bun',
    files: { 'idle.js': IDLE },
    command: [bin('bun'), 'run', '--no-install', '--no-env-file', 'idle.js'],
  },
  {
    name: 'Deno',
    files: { 'idle.js': IDLE },
    command: [bin('deno'), 'run', '--no-prompt', '--no-config', 'idle.js'],
  },
]

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

describe('parent-death watchdog', () => {
  for (const { name, files, command } of runtimes) {
    it(`${name} stops within ${BOUND_MS} ms of its parent’s SIGKILL`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shallot-watchdog-'))
      for (const [file, text] of Object.entries(files))
        writeFileSync(join(dir, file), text)
      const parent = spawn(
        process.execPath,
        ['--import', 'tsx', orphan, dir, ...command],
        {
          cwd: root,
          env: {
            ...process.env,
            DENO_DIR: join(dir, 'deno'),
            DENO_NO_UPDATE_CHECK: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let pid: number | undefined
      cleanups.push(() => {
        parent.kill('SIGKILL')
        if (pid !== undefined && running(pid)) process.kill(-pid, 'SIGKILL')
        rmSync(dir, { recursive: true, force: true })
      })
      let printed = ''
      pid = await new Promise<number>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          printed += chunk.toString()
          const match = /runtime (\d+)/.exec(printed)
          if (match !== null) resolve(Number(match[1]))
        }
        parent.stdout.on('data', onData)
        parent.stderr.on('data', onData)
        parent.once('exit', (code) =>
          reject(new Error(`the parent exited (${code}) first:\n${printed}`)),
        )
      })
      expect(running(pid)).toBe(true)

      const parentGone = new Promise((resolve) => parent.once('exit', resolve))
      parent.kill('SIGKILL')
      await parentGone
      const killedAt = Date.now()
      while (running(pid) && Date.now() - killedAt < BOUND_MS) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(
        running(pid),
        `${name} still runs ${BOUND_MS} ms after its parent died`,
      ).toBe(false)
    })
  }
})
