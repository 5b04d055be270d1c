/**
 * Middy's own packages through `fromMiddy`, two ways: inside a `createHandler` stack
 * served by shallot/node on 127.0.0.1 with fetch as the client, and under
 * `toLambdaHandler` with the real API Gateway v1 and v2 events of
 * ../shared/fixtures/aws/ (read from the repository's root).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHandler, type Middleware } from 'shallot'
import {
  toLambdaHandler,
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
  type LambdaResult,
} from 'shallot/aws-lambda'
import { go, quiet, serverPerTest } from '../node/support.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/** A fixture of ../shared/fixtures/aws/, parsed. */
export function awsFixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(join(root, '../shared/fixtures/aws', name), 'utf8'),
  ) as T
}

/** API Gateway REST API (payload 1.0): a POST of `{"a": 1}` to /hello/world?name=me. */
export const v1Event = () => awsFixture<ApiGatewayV1Event>('apigw-request.json')

/** HTTP API (payload 2.0): a GET of / with no body and no query. */
export const v2Event = () =>
  awsFixture<ApiGatewayV2Event>('apigw-v2-request-no-authorizer.json')

type View = (request: Request) => Response | Promise<Response>

/** A stack of `middleware` and `view`, quiet unless told otherwise. */
export const app = (middleware: Middleware[], view: View) =>
  createHandler({ middleware, view, logger: quiet })

/**
 * Call at the top of a test file: `serve(middleware, view)` serves the stack on
 * 127.0.0.1 and resolves with `fetch`-like `(path, init) => Promise<Response>`; the
 * server stops after the test.
 */
export function nodeStack() {
  const start = serverPerTest()
  return async (middleware: Middleware[], view: View) => {
    const base = await start(app(middleware, view))
    return (path: string, init: RequestInit = {}) => go(new URL(path, base), init)
  }
}

/** The stack as a Lambda function: `(event) => Promise<result>`. */
export const lambda = (middleware: Middleware[], view: View) => {
  const handler = toLambdaHandler(app(middleware, view))
  return (event: ApiGatewayV1Event | ApiGatewayV2Event): Promise<LambdaResult> =>
    handler(event, { awsRequestId: 'req-1' })
}

/** A result's headers, whichever of its maps they are in, by lower-case name. */
export function resultHeaders(result: LambdaResult): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    out[name.toLowerCase()] = value
  }
  const multi = 'multiValueHeaders' in result ? (result.multiValueHeaders ?? {}) : {}
  for (const [name, values] of Object.entries(multi)) {
    out[name.toLowerCase()] = values.join(', ')
  }
  return out
}
