/**
 * The shapes AWS hands a Lambda function behind API Gateway, an Application Load
 * Balancer or a Function URL, and the results it expects back. Minimal and structural:
 * only the fields the adapter reads or writes, so no AWS type package is needed.
 *
 * @module
 */

/** A map of single values, as AWS sends `headers` and `queryStringParameters`. */
type Values = Readonly<Record<string, string | null | undefined>>
/** A map of value lists, as AWS sends `multiValueHeaders` and friends. */
type ValueLists = Readonly<Record<string, readonly string[] | null | undefined>>

/**
 * An API Gateway REST API (payload format 1.0) proxy event. `path` is the request's
 * path without the stage; `queryStringParameters` and
 * `multiValueQueryStringParameters` arrive decoded; `multiValueHeaders` holds every
 * value of a repeated header.
 */
export interface ApiGatewayV1Event {
  readonly version?: '1.0'
  readonly resource?: string
  readonly httpMethod: string
  readonly path: string
  readonly headers?: Values | null
  readonly multiValueHeaders?: ValueLists | null
  readonly queryStringParameters?: Values | null
  readonly multiValueQueryStringParameters?: ValueLists | null
  readonly pathParameters?: Values | null
  readonly stageVariables?: Values | null
  readonly requestContext: {
    readonly stage?: string
    readonly domainName?: string
    /** The path with the stage in front: not the request's path. */
    readonly path?: string
    readonly requestId?: string
    readonly [key: string]: unknown
  }
  readonly body?: string | null
  readonly isBase64Encoded?: boolean
}

/**
 * A payload format 2.0 event: an API Gateway HTTP API or a Lambda Function URL.
 * `rawQueryString` arrives percent-encoded, `rawPath` may arrive decoded; repeated
 * headers are joined with commas and the request's cookies come in `cookies`.
 */
export interface ApiGatewayV2Event {
  readonly version: '2.0'
  readonly routeKey?: string
  readonly rawPath: string
  readonly rawQueryString: string
  readonly cookies?: readonly string[]
  readonly headers?: Values
  readonly queryStringParameters?: Values
  readonly pathParameters?: Values
  readonly stageVariables?: Values
  readonly requestContext: {
    readonly domainName?: string
    readonly http: {
      readonly method: string
      readonly path?: string
      readonly protocol?: string
      readonly sourceIp?: string
      readonly userAgent?: string
    }
    readonly requestId?: string
    readonly [key: string]: unknown
  }
  readonly body?: string
  readonly isBase64Encoded: boolean
}

/**
 * An Application Load Balancer target event. With multi-value headers turned on for
 * the target group it carries `multiValueHeaders` and
 * `multiValueQueryStringParameters`, otherwise `headers` and `queryStringParameters`;
 * query parameters arrive as the client sent them (still percent-encoded).
 */
export interface AlbEvent {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } }
  readonly httpMethod: string
  readonly path: string
  readonly headers?: Values
  readonly multiValueHeaders?: ValueLists
  readonly queryStringParameters?: Values
  readonly multiValueQueryStringParameters?: ValueLists
  readonly body?: string | null
  readonly isBase64Encoded: boolean
}

/** Any HTTP event the adapter recognises. */
export type LambdaEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent

/**
 * The Lambda context object, as far as the adapter and most applications use it; the
 * runtime passes an object with more fields, which stay reachable through
 * `lambdaPlatform(request).context`.
 */
export interface LambdaContext {
  readonly awsRequestId?: string
  readonly functionName?: string
  readonly functionVersion?: string
  readonly invokedFunctionArn?: string
  readonly memoryLimitInMB?: string
  readonly logGroupName?: string
  readonly logStreamName?: string
  callbackWaitsForEmptyEventLoop?: boolean
  getRemainingTimeInMillis?(): number
}

/**
 * The answer to an API Gateway REST API (1.0) event. API Gateway merges `headers` and
 * `multiValueHeaders`; the adapter puts `Set-Cookie` in `multiValueHeaders` only.
 */
export interface ApiGatewayV1Result {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

/** The answer to a payload 2.0 event (HTTP API, Function URL): cookies in `cookies`. */
export interface ApiGatewayV2Result {
  statusCode: number
  headers?: Record<string, string>
  cookies?: string[]
  body: string
  isBase64Encoded: boolean
}

/**
 * The answer to an ALB event: `multiValueHeaders` when the event came with multi-value
 * headers, `headers` otherwise (never both: the load balancer reads only one).
 */
export interface AlbResult {
  statusCode: number
  /** `200 OK`: status code and reason phrase. */
  statusDescription: string
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

/** Any result the adapter produces; its shape is the one the event came in. */
export type LambdaResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult
