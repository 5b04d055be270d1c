/**
 * Bundling an entry for a runtime test: one self-contained ES module (ES2022, no
 * imports left, nothing Node-specific assumed), so workerd, Bun and Deno load it
 * without a package manager or the network.
 */
import { basename, extname, join } from 'node:path'
import { build } from 'esbuild'

/** Bundles `entry` into `outDir`; resolves with the path of the `.js` file written. */
export async function bundleEntry(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, `${basename(entry, extname(entry))}.js`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // `neutral` reads no main fields by default; packages without `exports` need them.
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  })
  return outfile
}
