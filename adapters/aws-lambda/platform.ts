/**
 * The Lambda event and context behind a `Request`, kept beside it rather than on it.
 *
 * @module
 */
import { attach, read } from '../../src/internal/request-data.js'
import { LAMBDA, type LambdaPlatform } from '../../src/internal/lambda/platform.js'

export type { LambdaPlatform }

/** Records the event and context of the request the adapter built. */
export function attachPlatform(request: Request, platform: LambdaPlatform): void {
  attach(request, LAMBDA, platform)
}

/**
 * The Lambda event and context of the invocation that produced `request`, or
 * `undefined` when the request did not come from `toLambdaHandler` or
 * `toStreamingLambdaHandler` on this `Request` object.
 *
 * The platform is attached to the `Request` object the adapter created, and carried
 * to the requests `bodyLimit` and `common` derive from it. A request a layer builds
 * itself (`new Request(request, init)`, `request.clone()`) starts without it: pass it
 * through `carryRequestData` (from `shallot`) to keep it.
 *
 * @param request - A request a layer or view received.
 * @returns `{ runtime: 'aws-lambda', event, context }`, or `undefined`.
 * @throws Never.
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { lambdaPlatform, toLambdaHandler } from 'shallot/aws-lambda'
 *
 * const app = createHandler({
 *   middleware: [],
 *   view: (request) => new Response(lambdaPlatform(request)?.context.awsRequestId),
 * })
 * const handler = toLambdaHandler(app)
 * const event = {
 *   version: '2.0',
 *   rawPath: '/',
 *   rawQueryString: '',
 *   headers: { host: 'example.com' },
 *   requestContext: { http: { method: 'GET' } },
 *   isBase64Encoded: false,
 * } as const
 * const result = await handler(event, { awsRequestId: 'req-1' })
 * console.log(result.statusCode, result.body) // 200 req-1
 * console.log(lambdaPlatform(new Request('http://localhost/'))) // undefined
 * ```
 */
export function lambdaPlatform(request: Request): LambdaPlatform | undefined {
  return read(request, LAMBDA)
}
