/**
 * `toLambdaHandler`: a shallot handler as a Lambda function for API Gateway (REST and
 * HTTP APIs), ALB target groups and Function URLs.
 *
 * @module
 */
import type { Handler } from '../../src/index.js'
import { errorResponse } from '../../src/internal/error-body.js'
import { log } from '../../src/internal/log.js'
import { defaultBodyEncoding } from '../../src/internal/lambda/body.js'
import type {
  LambdaContext,
  LambdaEvent,
  LambdaResult,
} from '../../src/internal/lambda/events.js'
import {
  badRequest,
  incoming,
  respond,
  resolveOptions,
  type LambdaOptions,
} from './options.js'
import { toResult } from '../../src/internal/lambda/result.js'

/**
 * What `toLambdaHandler` returns: a Lambda function handler. It never rejects; an
 * event it cannot read gets a 400 result.
 */
export type LambdaHandler = (
  event: LambdaEvent,
  context?: LambdaContext,
) => Promise<LambdaResult>

/**
 * Turns a shallot handler into a Lambda function handler for API Gateway REST APIs
 * (payload 1.0), HTTP APIs (payload 2.0), ALB target groups (with and without
 * multi-value headers) and Function URLs. The event's shape tells which one sent it,
 * and the result has the shape that integration reads.
 *
 * Each invocation builds one `Request` (the event and context are reachable with
 * `lambdaPlatform(request)`), calls `handler`, and reads the whole response body into
 * the result: as text or base64 as `options.bodyEncoding` decides. HEAD, 1xx, 204,
 * 205 and 304 answers carry no body. A handler that rejects or resolves with something
 * that is not a `Response` (of any realm) gets a 500 with the stack's production error
 * body (`500 Internal Server Error`), logged.
 *
 * @param handler - The stack, usually from `createHandler`.
 * @param options - `bodyEncoding` and `logger`; see {@link LambdaOptions}.
 * @returns `(event, context?) => Promise<result>`, to export as the function's handler.
 * @throws Never, and the returned function never rejects: a malformed or unknown event
 * gets a 400 result (logged at warn), a response body that fails while read a 500
 * (logged at error).
 *
 * @example
 * ```ts
 * import { createHandler } from 'shallot'
 * import { toLambdaHandler } from 'shallot/aws-lambda'
 *
 * const app = createHandler({
 *   middleware: [],
 *   view: (request) => new Response(`hello from ${new URL(request.url).pathname}`),
 * })
 * export const handler = toLambdaHandler(app)
 *
 * const result = await handler({
 *   version: '2.0',
 *   rawPath: '/hi',
 *   rawQueryString: '',
 *   headers: { host: 'abc.lambda-url.us-east-1.on.aws' },
 *   requestContext: { http: { method: 'GET' } },
 *   isBase64Encoded: false,
 * })
 * console.log(result.statusCode) // 200
 * console.log(result.body) // hello from /hi
 * ```
 */
export function toLambdaHandler(
  handler: Handler,
  options: LambdaOptions = {},
): LambdaHandler {
  const { bodyEncoding, logger } = resolveOptions(options)
  return async (event, context) => {
    const got = incoming(event, context, logger)
    if (!('request' in got)) {
      // Our own text body: the user's bodyEncoding (which may throw) plays no part.
      return toResult(badRequest(event), 'GET', got.kind, defaultBodyEncoding)
    }
    const { method } = got.request
    const response = await respond(handler, got.request, logger)
    try {
      return await toResult(response, method, got.kind, bodyEncoding)
    } catch (error) {
      log(logger, 'error', 'Reading the response body failed; answered 500.', error)
      const accept = got.request.headers.get('accept')
      return toResult(errorResponse(500, accept), method, got.kind, defaultBodyEncoding)
    }
  }
}
