/**
 * `npm start` as a reader runs it: a real process tree (npm, tsx, the server), stopped
 * the two ways a terminal or a process manager stops it. Everything it started must
 * exit and the port must close; before `exec` in the start script, SIGTERM to npm
 * ended npm and the shell, and left the server holding the port.
 */
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { spawnRuntime, type SpawnedRuntime } from '../../../runtimes/spawn.js'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const running = new Set<SpawnedRuntime>()

afterEach(async () => {
  // Whatever a failed test left behind: its whole process group, killed.
  for (const demo of running) {
    try {
      process.kill(-demo.child.pid!, 'SIGKILL')
    } catch {}
  }
  running.clear()
})

/** `PORT=0 npm start` in its own process group; resolves with its port once it listens. */
async function startDemo(): Promise<{ demo: SpawnedRuntime; port: number }> {
  const demo = spawnRuntime('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    maxLifetimeMs: 60_000,
  })
  running.add(demo)
  const [, port] = await demo.waitFor(
    /listening on http:\/\/127\.0\.0\.1:(\d+)\//,
    40_000,
  )
  return { demo, port: Number(port) }
}

/** Whether any process of the group `pid` leads is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Resolves once the whole group has exited; rejects after `ms`. */
async function groupExits(pid: number, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (groupAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pid} still running`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The error code of a TCP connection attempt to 127.0.0.1:`port`, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')))
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code ?? 'error'),
    )
  })
}

describe('npm start', () => {
  test('SIGTERM to the npm process stops the server and closes the port', async () => {
    const { demo, port } = await startDemo()
    expect(await tryConnect(port)).toBe('connected')
    process.kill(demo.child.pid!, 'SIGTERM') // npm only, as a process manager does
    await groupExits(demo.child.pid!)
    expect(await tryConnect(port)).toBe('ECONNREFUSED')
    expect(demo.output()).toContain(
      'SIGTERM: finishing requests in flight, then exiting.',
    )
    expect(demo.output()).toContain('Server closed.')
  }, 60_000)

  test('Ctrl+C (SIGINT to the whole foreground group) stops everything', async () => {
    const { demo, port } = await startDemo()
    process.kill(-demo.child.pid!, 'SIGINT') // what a terminal does on Ctrl+C
    await groupExits(demo.child.pid!)
    expect(await tryConnect(port)).toBe('ECONNREFUSED')
    expect(demo.output()).toContain(
      'SIGINT: finishing requests in flight, then exiting.',
    )
    // One Ctrl+C is one signal: npm passing it on too must not look like a second one.
    expect(demo.output()).not.toContain('again')
  }, 60_000)
})
