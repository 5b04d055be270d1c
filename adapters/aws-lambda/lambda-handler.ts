/**
 * `toLambdaHandler`: a shallot handler as a Lambda function for API Gateway (REST and
 * HTTP APIs), ALB target groups and Function URLs.
 *
 * @module
 */
import type { Handler } from '../../src/index.js'
import { defaultBodyEncoding } from './body-encoding.js'
import type { LambdaContext, LambdaEvent, LambdaResult } from './events.js'
import { badRequest, incoming, resolveOptions, type LambdaOptions } from './options.js'
import { shapeResult, splitHeaders, toResult } from './to-result.js'

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
 * the result: as text or base64 as `options.bodyEncoding` decides. HEAD, 204, 205 and
 * 304 answers carry no body.
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
      return toResult(badRequest(), 'GET', got.kind, defaultBodyEncoding)
    }
    let response: Response
    try {
      response = await handler(got.request)
    } catch (error) {
      // A shallot stack never rejects; a hand-written handler might.
      logger.error('The handler rejected; answered 500.', error)
      return shapeResult(got.kind, 500, '', splitHeaders(new Headers()), empty)
    }
    try {
      return await toResult(response, got.request.method, got.kind, bodyEncoding)
    } catch (error) {
      logger.error('Reading the response body failed; answered 500.', error)
      return shapeResult(got.kind, 500, '', splitHeaders(new Headers()), empty)
    }
  }
}

const empty = { body: '', isBase64Encoded: false } as const
