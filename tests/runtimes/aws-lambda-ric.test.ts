/**
 * The shared HTTP suite on the real AWS Lambda Node.js runtime interface client
 * (`aws-lambda-ric`), buffered (`toLambdaHandler`) and streaming
 * (`toStreamingLambdaHandler` under `awslambda.streamifyResponse`). A loopback Runtime
 * API and an HTTP front that speaks payload 2.0 (tests/adapters/aws-lambda/runtime-api.ts) stand
 * in for the Lambda service; the function is the shared stack, bundled with esbuild.
 * Every AWS event fixture is also invoked directly, and must give the result it gives
 * in-process.
 *
 * The client builds a native addon, so it lives in its own package: without
 * `tests/adapters/aws-lambda/ric/install.sh` having run, these tests are skipped.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLambdaHandler } from 'shallot/aws-lambda'
import { allFixtures, fixture } from '../adapters/aws-lambda/fixture-events.js'
import { inspect } from '../adapters/aws-lambda/inspect.js'
import { startFront, startRuntimeApi } from '../adapters/aws-lambda/runtime-api.js'
import { spawnRuntime } from './spawn.js'
import { httpSuite, type RunningServer } from './suite.js'

const ric = fileURLToPath(
  new URL('../adapters/aws-lambda/ric/node_modules/aws-lambda-ric/', import.meta.url),
)
const installed =
  existsSync(join(ric, 'bin/index.mjs')) &&
  existsSync(join(ric, 'dist/rapid-client.node'))
const entry = fileURLToPath(
  new URL('../adapters/aws-lambda/lambda-entry.ts', import.meta.url),
)

/** The function's folder: the stack, bundled to one ES module the client can import. */
let taskRoot: string | undefined
async function bundled(): Promise<string> {
  if (taskRoot !== undefined) return taskRoot
  const dir = mkdtempSync(join(tmpdir(), 'shallot-lambda-'))
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(dir, 'index.mjs'),
    logLevel: 'silent',
  })
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  return (taskRoot = dir)
}

type HandlerName = 'index.handler' | 'index.streaming' | 'index.inspected'

/** The client running `handler` from the bundle, polling a loopback Runtime API. */
async function launch(handler: HandlerName) {
  const dir = await bundled()
  const api = await startRuntimeApi()
  const runtime = spawnRuntime(
    process.execPath,
    [join(ric, 'bin/index.mjs'), handler],
    {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_LAMBDA_RUNTIME_API: api.address,
        _HANDLER: handler,
        LAMBDA_TASK_ROOT: dir,
        AWS_LAMBDA_FUNCTION_NAME: 'shallot-test',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_REGION: 'us-east-1',
      },
    },
  )
  const stop = async () => {
    await runtime.stop()
    await api.close()
  }
  const exited = new Promise<never>((_, reject) =>
    runtime.child.once('exit', (code) =>
      reject(new Error(`the runtime client exited (${code}):\n${runtime.output()}`)),
    ),
  )
  exited.catch(() => {}) // only awaited until the client is ready
  await Promise.race([api.ready, exited])
  const initError = api.initError()
  if (initError !== undefined) {
    await stop()
    throw new Error(`the function failed to load: ${initError}\n${runtime.output()}`)
  }
  return { api, stop }
}

/** `launch`, plus an HTTP front that turns requests into HTTP API events. */
async function start(handler: HandlerName): Promise<RunningServer> {
  const { api, stop } = await launch(handler)
  const front = await startFront(api)
  return {
    origin: front.origin,
    async stop() {
      await front.close()
      await stop()
    },
  }
}

// CI installs the client (.ci/run): there, a missing client is a failure, not a skip,
// so that a moved folder cannot turn this suite off unnoticed.
it.runIf(process.env['CI'] === 'true')(
  'the client is installed, as CI installs it',
  () => {
    expect(installed).toBe(true)
  },
)

const why = installed
  ? ''
  : ' (skipped: the client is not installed; run `sh tests/adapters/aws-lambda/ric/install.sh`)'

describe.skipIf(!installed)(
  `aws-lambda-ric, the real Lambda runtime client${why}`,
  () => {
    afterAll(() => {
      if (taskRoot !== undefined) rmSync(taskRoot, { recursive: true, force: true })
    })

    httpSuite('aws-lambda (ric)', () => start('index.handler'), {
      platform: 'aws-lambda',
      streams: false,
    })

    httpSuite('aws-lambda streaming (ric)', () => start('index.streaming'), {
      platform: 'aws-lambda',
      streams: true,
    })

    describe('every AWS event fixture, invoked through the runtime client', () => {
      let running: Awaited<ReturnType<typeof launch>> | undefined
      beforeAll(async () => {
        running = await launch('index.inspected')
      }, 60_000)
      afterAll(() => running?.stop())

      const events = allFixtures().filter((name) => !name.includes('response'))

      it.each(events)('%s: the same result as in-process', async (name) => {
        const event = fixture(name)
        const outcome = await running!.api.invoke(event)
        expect(outcome.kind).toBe('result')
        const expected = await toLambdaHandler(inspect)(event)
        expect(outcome.kind === 'result' && outcome.result).toEqual(expected)
        expect(JSON.parse(expected.body)).toMatchObject({ platform: 'aws-lambda' })
      })
    })

    describe('what only the runtime shows', () => {
      let server: RunningServer
      beforeAll(async () => {
        server = await start('index.handler')
      }, 60_000)
      afterAll(() => server?.stop())

      it('a `%3F` that HTTP API decodes into rawPath is not taken for the query', async () => {
        const response = await fetch(`${server.origin}/query%3Fa=9?a=1`)
        // The front decodes rawPath as HTTP API does (`/query?a=9`); the adapter escapes
        // the `?` so it is not taken for the query: no route, not /query with a=9.
        expect(response.status).toBe(404)
        await response.arrayBuffer()
      })
    })
  },
)
