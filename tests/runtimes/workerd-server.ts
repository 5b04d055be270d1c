/**
 * Serving a bundled entry on the real workerd binary (npm `workerd`, pinned in
 * package.json): on 127.0.0.1 and a port workerd picks, read from its `--control-fd`
 * channel.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { bundleEntry } from './bundle.js'
import { served } from './served.js'
import { spawnRuntime } from './spawn.js'
import type { RunningServer } from './suite.js'

const workerd = fileURLToPath(
  new URL('../../node_modules/.bin/workerd', import.meta.url),
)

/** A config with one HTTP socket on a free port of 127.0.0.1, serving `module`. */
export function capnpConfig(module: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "${module}")],
  compatibilityDate = "2025-11-01",
  bindings = [(name = "GREETING", text = "hello from workerd")],
);
`
}

/** The port of the first `{"event":"listen","socket":"http",...}` line on `channel`. */
function listenPort(channel: Readable, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => {
      channel.off('data', onData)
      reject(new Error(`workerd reported no listening port within ${ms} ms`))
    }, ms)
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      for (const line of buffered.split('\n')) {
        if (line.trim() === '') continue
        let event: { event?: string; socket?: string; port?: number }
        try {
          event = JSON.parse(line) as typeof event
        } catch {
          continue // a partial line; the rest comes with the next chunk
        }
        if (event.event === 'listen' && event.socket === 'http') {
          clearTimeout(timer)
          channel.off('data', onData)
          resolve(event.port!)
          return
        }
      }
    }
    channel.on('data', onData)
  })
}

/** Bundles `entry` (a module whose default export is `{ fetch }`) and serves it. */
export async function startWorkerd(entry: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shallot-workerd-'))
  const module = await bundleEntry(entry, dir)
  writeFileSync(join(dir, 'config.capnp'), capnpConfig(basename(module)))
  const runtime = spawnRuntime(workerd, ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: dir,
    extraStdio: ['pipe'],
  })
  const control = runtime.child.stdio[3] as Readable
  const exited = new Promise<never>((_, reject) =>
    runtime.child.once('exit', (code, signal) =>
      reject(
        new Error(
          `workerd exited (${code ?? signal}) before listening:\n${runtime.output()}`,
        ),
      ),
    ),
  )
  exited.catch(() => {}) // it also exits when stopped; only a race below may care
  const port = Promise.race([listenPort(control, 15_000), exited])
  return served(runtime, port, dir, () => control.destroy())
}
