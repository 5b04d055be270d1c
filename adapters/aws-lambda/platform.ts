/**
 * The Lambda event and context behind a `Request`, kept beside it rather than on it.
 *
 * @module
 */
import type { LambdaContext, LambdaEvent } from './events.js'

/**
 * What `lambdaPlatform(request)` returns: the raw event the request was built from
 * and the Lambda context of the invocation.
 */
export interface LambdaPlatform {
  /** Always `'aws-lambda'`: the adapter that built the request. */
  readonly runtime: 'aws-lambda'
  /** The event exactly as AWS sent it. */
  readonly event: LambdaEvent
  /** The invocation's context; `{}` when the handler was called without one. */
  readonly context: LambdaContext
}

// A WeakMap rather than a property on the request: nothing leaks into the request's
// own keys (or into `provide`d data), and the entry goes away with the request.
const platforms = new WeakMap<Request, LambdaPlatform>()

export function attachPlatform(request: Request, platform: LambdaPlatform): void {
  platforms.set(request, platform)
}

/**
 * The Lambda event and context of the invocation that produced `request`, or
 * `undefined` when the request did not come from `toLambdaHandler` or
 * `toStreamingLambdaHandler` on this `Request` object.
 *
 * The platform is attached to the `Request` object the adapter created. A layer that
 * builds a new request (`new Request(request, init)`, `request.clone()`) passes on a
 * different object, for which this returns `undefined`: read the platform before
 * that, and pass what you need on with `provide`.
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
  return platforms.get(request)
}
