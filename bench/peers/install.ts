/**
 * The bench's own dependencies (servers compared and the load generator), pinned in
 * package.json and package-lock.json next to this file and installed from the npm
 * registry with `npm ci --prefix bench/peers` the first time the bench needs them, or
 * when the lock changed: the root install never carries them.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** This folder: where the peers' node_modules lives. */
export const PEERS = fileURLToPath(new URL('.', import.meta.url))

/** `require` as seen from this folder, for a peer the bench process itself loads. */
export const requirePeer = createRequire(join(PEERS, 'package.json'))

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'))

function installedVersion(name: string): string | undefined {
  try {
    const manifest = readJson(join(PEERS, 'node_modules', name, 'package.json'))
    return (manifest as { version: string }).version
  } catch {
    return undefined
  }
}

/** Installs the locked peers unless every one is already there at its locked version. */
export function ensurePeers(): void {
  const { dependencies } = readJson(join(PEERS, 'package.json')) as {
    dependencies: Record<string, string>
  }
  const { packages } = readJson(join(PEERS, 'package-lock.json')) as {
    packages: Record<string, { version: string }>
  }
  const current = Object.keys(dependencies).every(
    (name) => installedVersion(name) === packages[`node_modules/${name}`]?.version,
  )
  if (current) return
  process.stderr.write('bench: installing the peers in bench/peers (npm ci)…\n')
  const npm = spawnSync(
    'npm',
    ['ci', '--prefix', PEERS, '--no-audit', '--no-fund', '--loglevel=error'],
    { stdio: 'inherit' },
  )
  if (npm.status !== 0) {
    throw new Error(`npm ci --prefix bench/peers failed (${npm.status ?? npm.signal})`)
  }
}
