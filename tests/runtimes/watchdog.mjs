// Parent-death watchdog for a runtime a test spawned: kills the runtime when the test
// process is gone (even after SIGKILL, when no exit handler runs) or after a maximum
// lifetime, and exits by itself once the runtime has stopped.
// Usage: node watchdog.mjs <test pid> <runtime pid> <max lifetime ms>
const [parent, child, lifetime] = process.argv.slice(2).map(Number)
const alive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const started = Date.now()
const timer = setInterval(() => {
  if (!alive(child)) process.exit(0)
  if (!alive(parent) || Date.now() - started > lifetime) {
    try {
      // The runtime was started in its own process group: end all of it.
      process.kill(-child, 'SIGKILL')
    } catch {
      try {
        process.kill(child, 'SIGKILL')
      } catch {}
    }
    process.exit(0)
  }
}, 200)
timer.unref?.()
setInterval(() => {}, 1 << 30)
