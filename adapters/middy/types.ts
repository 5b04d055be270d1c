/**
 * The shapes Middy's hooks see: the request object, its Lambda event and result, and
 * the middleware object.
 *
 * @module
 */
import type {
  AlbEvent,
  ApiGatewayV1Event,
  ApiGatewayV2Event,
  LambdaContext,
} from '../../src/internal/lambda/events.js'

/**
 * The event a {@link MiddyRequest} carries, every field writable (Middy's hooks replace
 * `body`, `headers`, `queryStringParameters`...): under `shallot/aws-lambda` a shallow
 * copy of the API Gateway (REST or HTTP API), Function URL or ALB event the adapter
 * received; elsewhere an API Gateway v2 (HTTP API) event built from the request.
 */
export type MiddyEvent =
  | { -readonly [K in keyof ApiGatewayV1Event]: ApiGatewayV1Event[K] }
  | { -readonly [K in keyof ApiGatewayV2Event]: ApiGatewayV2Event[K] }
  | { -readonly [K in keyof AlbEvent]: AlbEvent[K] }

/**
 * A Lambda proxy result, as Middy's hooks read and write `request.response`: the one
 * shape that covers API Gateway REST (`multiValueHeaders`), HTTP API and Function URL
 * (`cookies`) and ALB (`statusDescription`) results.
 */
export interface MiddyResult {
  /** The status, 200 to 599. */
  statusCode: number
  /** Header values (numbers and booleans are written as text). */
  headers?: Record<string, string | number | boolean>
  /** Every value of a header; wins over `headers` for the same name. */
  multiValueHeaders?: Record<string, (string | number | boolean)[]>
  /** One `Set-Cookie` value each. */
  cookies?: string[]
  /** The body: text, or base64 when `isBase64Encoded`. Absent or `''` for none. */
  body?: string
  /** Whether `body` is base64. */
  isBase64Encoded?: boolean
  /** ALB's `200 OK`; not read back (the status's reason phrase is used). */
  statusDescription?: string
}

/**
 * The object every hook of a `fromMiddy` group receives, Middy's `request`: made fresh
 * for each request and shared by the hooks of the group for that request.
 *
 * @example
 * ```ts
 * import type { MiddyRequest } from 'shallot/middy'
 *
 * const stampAfter = (request: MiddyRequest) => {
 *   if (request.response) {
 *     request.response.headers = { ...request.response.headers, 'x-stamp': '1' }
 *   }
 * }
 * ```
 */
export interface MiddyRequest {
  /**
   * The Lambda event (see {@link MiddyEvent}). Hooks may change it; the layers inside
   * read what the `before` hooks left with `middyEvent(request)`.
   */
  event: MiddyEvent
  /**
   * Under `shallot/aws-lambda` the invocation's Lambda context (`{}` when the handler
   * was called without one); elsewhere a fresh `{}` per request.
   */
  context: LambdaContext
  /**
   * The answer so far, as a Lambda result: `undefined` until the inner layers answer
   * (their `Response` converted for the `after` hooks) or a hook sets it. Reset to
   * `undefined` before the `onError` hooks run.
   */
  response: MiddyResult | undefined
  /** What was thrown (any value), for the `onError` hooks; `undefined` otherwise. */
  error: any
  /** An empty object for the group's hooks to share data, fresh per request. */
  readonly internal: Record<string, unknown>
}

/**
 * A Middy-style middleware object: any of `before`, `after` and `onError`, each a
 * function of the group's {@link MiddyRequest}, sync or async. A hook that returns
 * `undefined` (or nothing) passes on; any other value is its answer: a
 * {@link MiddyResult} (or a `Response`). `name` is optional, as in Middy's types;
 * `fromMiddy` uses it to name the layer.
 *
 * @example
 * ```ts
 * import type { MiddyMiddleware } from 'shallot/middy'
 *
 * const noStore: MiddyMiddleware = {
 *   name: 'noStore',
 *   after: (request) => {
 *     if (request.response) {
 *       request.response.headers = { ...request.response.headers, 'cache-control': 'no-store' }
 *     }
 *   },
 * }
 * ```
 */
export interface MiddyMiddleware {
  /** Runs first, in list order; a value it returns answers early. */
  readonly before?: ((request: MiddyRequest) => unknown) | undefined
  /** Runs after the inner layers, in reverse order; a value it returns wins. */
  readonly after?: ((request: MiddyRequest) => unknown) | undefined
  /** Runs, in reverse list order, when something in or under the group threw. */
  readonly onError?: ((request: MiddyRequest) => unknown) | undefined
  /** Names the layer in messages; default: the hooks' function names. */
  readonly name?: string | undefined
}

/**
 * A middleware object typed for another request type: what Middy's own packages
 * declare (`MiddlewareObj`, typed with the `aws-lambda` package's events and context).
 * `fromMiddy` accepts them as they are.
 */
export interface ForeignMiddyMiddleware {
  /** Called with the group's {@link MiddyRequest}. */
  readonly before?: ((request: never) => unknown) | undefined
  /** Called with the group's {@link MiddyRequest}. */
  readonly after?: ((request: never) => unknown) | undefined
  /** Called with the group's {@link MiddyRequest}. */
  readonly onError?: ((request: never) => unknown) | undefined
  /** Names the layer in messages. */
  readonly name?: string | undefined
}
