/**
 * A short-lived parent for watchdog.test.ts, run by Node: starts a runtime with
 * `spawnRuntime` (so with its watchdog), waits for it to print `ready`, prints
 * `runtime <pid>`, then idles until the test kills it with SIGKILL, which leaves no
 * chance to stop the runtime: only the watchdog can.
 *
 * Usage: node --import tsx orphan.ts <cwd> <command> [args...]
 */
import { spawnRuntime } from '../spawn.js'

const [cwd, command, ...args] = process.argv.slice(2)
if (cwd === undefined || command === undefined) {
  throw new Error('usage: orphan.ts <cwd> <command> [args...]')
}
const runtime = spawnRuntime(command, args, { cwd, maxLifetimeMs: 60_000 })
await runtime.waitFor(/ready/, 15_000)
console.log(`runtime ${runtime.child.pid}`)
setInterval(() => {}, 1 << 30)
