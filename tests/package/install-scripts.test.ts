// `npm ci` on npm 11 warns about every dependency whose install script package.json's
// `allowScripts` does not decide, and skips that script. The runtimes the suites run
// on (bun, deno, workerd) and esbuild fetch their binary in one, so each package with
// an install script is listed: a new one shows here before it shows as a warning.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const modules = join(root, 'node_modules')

interface Manifest {
  name?: string
  scripts?: Record<string, string>
  allowScripts?: Record<string, boolean>
}

const manifest = (dir: string): Manifest | undefined => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** Names of the installed packages (top level and nested) with an install script. */
function withInstallScripts(dir: string, found = new Set<string>()): Set<string> {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return found
  }
  for (const name of names) {
    if (name.startsWith('.')) continue
    const paths = name.startsWith('@')
      ? readdirSync(join(dir, name)).map((scoped) => join(dir, name, scoped))
      : [join(dir, name)]
    for (const path of paths) {
      const scripts = manifest(path)?.scripts ?? {}
      const { name: packageName } = manifest(path) ?? {}
      if (
        packageName !== undefined &&
        ['preinstall', 'install', 'postinstall'].some((hook) => hook in scripts)
      )
        found.add(packageName)
      withInstallScripts(join(path, 'node_modules'), found)
    }
  }
  return found
}

it('allowScripts decides every installed package that has an install script', () => {
  const allowed = manifest(root)?.allowScripts ?? {}
  const undecided = [...withInstallScripts(modules)].filter(
    (name) => !(name in allowed),
  )
  expect(undecided).toEqual([])
  // and the runtimes are among the decided ones, so the check is not vacuous
  expect(Object.keys(allowed)).toEqual(
    expect.arrayContaining(['bun', 'deno', 'esbuild', 'workerd']),
  )
})
