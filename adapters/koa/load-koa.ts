/**
 * Koa and the Node modules the bridge needs, loaded when a `fromKoa` layer is made
 * rather than when `shallot/koa` is imported: the entry loads on every runtime, and on
 * one without Node's modules, or without `koa` installed, making the layer fails with
 * an `ImproperlyConfigured` that says why.
 *
 * @module
 */
import type * as http from 'node:http'
import type * as nodeModule from 'node:module'
import type * as stream from 'node:stream'
import type Koa from 'koa'
import { ImproperlyConfigured } from '../../src/index.js'

/** What the bridge uses: Koa's `Application` class, `node:http` and `node:stream`. */
export interface KoaRuntime {
  readonly Koa: typeof Koa
  readonly http: typeof http
  readonly stream: typeof stream
}

/** The part of Node's `process` read here: a way to reach the built-in modules. */
export interface ProcessLike {
  readonly getBuiltinModule?: ((id: string) => unknown) | undefined
}

let loaded: KoaRuntime | undefined

/**
 * Koa and the Node modules, loaded once (the first time a layer is made).
 *
 * @param runtime - The runtime's `process`: a parameter so that the tests can show a
 *   runtime without Node's modules.
 * @param id - The package to load, `koa`: a parameter for the same reason.
 * @throws ImproperlyConfigured when the runtime has no Node modules, or `koa` does not
 *   load.
 */
export function loadKoa(
  runtime: ProcessLike | undefined = (globalThis as { process?: ProcessLike }).process,
  id = 'koa',
): KoaRuntime {
  const builtin = runtime?.getBuiltinModule
  if (typeof builtin !== 'function') {
    throw new ImproperlyConfigured(
      'fromKoa() needs Node.js (20.16 or later): Koa is built on node:http, and this ' +
        'runtime has no process.getBuiltinModule. Use shallot middleware here, or ' +
        'run this stack on Node.',
    )
  }
  if (loaded !== undefined && id === 'koa') return loaded
  const { createRequire } = builtin('module') as typeof nodeModule
  let Application: typeof Koa
  try {
    Application = createRequire(import.meta.url)(id) as typeof Koa
  } catch (error) {
    throw new ImproperlyConfigured(
      `fromKoa() needs the ${id} package (an optional peer dependency of shallot): ` +
        `npm install ${id}.`,
      { cause: error },
    )
  }
  const runtimeModules: KoaRuntime = {
    Koa: Application,
    http: builtin('http') as typeof http,
    stream: builtin('stream') as typeof stream,
  }
  if (id === 'koa') loaded = runtimeModules
  return runtimeModules
}
