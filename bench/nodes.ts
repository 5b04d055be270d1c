/**
 * The Node.js binaries the dispatch and HTTP tables run on: the one running the bench
 * and Node 24, installed from the npm registry by scripts/node-versions/install.sh
 * (the installer `npm run test:node-versions` uses) the first time it is needed.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const versions = join(root, 'scripts/node-versions')

export interface NodeBinary {
  readonly binary: string
  /** `process.version` of that binary, e.g. `v24.11.0`. */
  readonly version: string
  /** Its V8 version. */
  readonly v8: string
}

function describe(binary: string): NodeBinary {
  const out = spawnSync(binary, ['-p', 'process.version + " " + process.versions.v8'], {
    encoding: 'utf8',
  })
  if (out.status !== 0) throw new Error(`${binary} does not run (${out.stderr})`)
  const [version = '', v8 = ''] = out.stdout.trim().split(' ')
  return { binary, version, v8 }
}

/**
 * The binaries for `wanted`: `current` is this process's Node, `24` Node 24 (installed
 * when missing; left out, with a note, where the installer has no binary). A version
 * that the current Node already is, is measured once.
 */
export function nodeBinaries(wanted: readonly string[]): NodeBinary[] {
  const found: NodeBinary[] = []
  for (const name of wanted) {
    let binary: string
    if (name === 'current') binary = process.execPath
    else if (name === '24') {
      binary = join(versions, 'node_modules/node24/bin/node')
      if (!existsSync(binary))
        spawnSync('sh', [join(versions, 'install.sh')], { stdio: 'inherit' })
      if (!existsSync(binary)) {
        process.stderr.write(
          'bench: Node 24 is not installed here; measuring without it.\n',
        )
        continue
      }
    } else throw new Error(`--nodes takes current and 24, not ${name}`)
    const node = describe(binary)
    if (!found.some((other) => other.version === node.version)) found.push(node)
  }
  return found
}
