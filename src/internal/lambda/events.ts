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
  /** The payload format, `1.0` (often absent in REST API events). */
  readonly version?: '1.0'
  /** The API's resource template that matched, e.g. `/items/{id}`. */
  readonly resource?: string
  /** The request's method, e.g. `GET`. */
  readonly httpMethod: string
  /** The request's path, without the stage. */
  readonly path: string
  /** The last value of each header. */
  readonly headers?: Values | null
  /** Every value of each header, in order; the adapter prefers these. */
  readonly multiValueHeaders?: ValueLists | null
  /** The last value of each query parameter, decoded. */
  readonly queryStringParameters?: Values | null
  /** Every value of each query parameter, decoded. */
  readonly multiValueQueryStringParameters?: ValueLists | null
  /** The values of the resource template's `{placeholders}`. */
  readonly pathParameters?: Values | null
  /** The stage's variables, as configured in API Gateway. */
  readonly stageVariables?: Values | null
  /** About the request, from API Gateway; the adapter reads a few of its fields. */
  readonly requestContext: {
    /** The stage's name, e.g. `prod`. */
    readonly stage?: string
    /** The host name the client called. */
    readonly domainName?: string
    /** The path with the stage in front: not the request's path. */
    readonly path?: string
    /** API Gateway's id for the request. */
    readonly requestId?: string
    readonly [key: string]: unknown
  }
  /** The request body: text, or base64 when `isBase64Encoded`. */
  readonly body?: string | null
  /** Whether `body` is base64 (binary media types). */
  readonly isBase64Encoded?: boolean
}

/**
 * A payload format 2.0 event: an API Gateway HTTP API or a Lambda Function URL.
 * `rawQueryString` arrives percent-encoded, `rawPath` may arrive decoded; repeated
 * headers are joined with commas and the request's cookies come in `cookies`.
 */
export interface ApiGatewayV2Event {
  /** The payload format, `2.0`. */
  readonly version: '2.0'
  /** The route that matched, e.g. `GET /items/{id}`, or `$default`. */
  readonly routeKey?: string
  /** The request's path; may arrive decoded. */
  readonly rawPath: string
  /** The query string without `?`, percent-encoded as the client sent it. */
  readonly rawQueryString: string
  /** The request's cookies, one `name=value` each (not in `headers`). */
  readonly cookies?: readonly string[]
  /** The headers, lower-case; a repeated header's values joined with commas. */
  readonly headers?: Values
  /** The query parameters, decoded; repeated ones joined with commas. */
  readonly queryStringParameters?: Values
  /** The values of the route's `{placeholders}`. */
  readonly pathParameters?: Values
  /** The stage's variables, as configured in API Gateway. */
  readonly stageVariables?: Values
  /** About the request, from API Gateway or the Function URL. */
  readonly requestContext: {
    /** The host name the client called. */
    readonly domainName?: string
    /** The request line and the client. */
    readonly http: {
      /** The request's method, e.g. `GET`. */
      readonly method: string
      /** The request's path. */
      readonly path?: string
      /** The protocol, e.g. `HTTP/1.1`. */
      readonly protocol?: string
      /** The client's IP address. */
      readonly sourceIp?: string
      /** The client's `User-Agent`. */
      readonly userAgent?: string
    }
    /** The service's id for the request. */
    readonly requestId?: string
    readonly [key: string]: unknown
  }
  /** The request body: text, or base64 when `isBase64Encoded`. */
  readonly body?: string
  /** Whether `body` is base64. */
  readonly isBase64Encoded: boolean
}

/**
 * An Application Load Balancer target event. With multi-value headers turned on for
 * the target group it carries `multiValueHeaders` and
 * `multiValueQueryStringParameters`, otherwise `headers` and `queryStringParameters`;
 * query parameters arrive as the client sent them (still percent-encoded).
 */
export interface AlbEvent {
  /** What tells an ALB event from the others: the load balancer's target group. */
  readonly requestContext: {
    /** The load balancer. */
    readonly elb: {
      /** The ARN of the target group that invoked the function. */
      readonly targetGroupArn: string
    }
  }
  /** The request's method, e.g. `GET`. */
  readonly httpMethod: string
  /** The request's path. */
  readonly path: string
  /** The headers (lower-case), when multi-value headers are off. */
  readonly headers?: Values
  /** Every value of each header, when multi-value headers are on. */
  readonly multiValueHeaders?: ValueLists
  /** The query parameters, still percent-encoded, when multi-value headers are off. */
  readonly queryStringParameters?: Values
  /** Every value of each query parameter, still percent-encoded, when they are on. */
  readonly multiValueQueryStringParameters?: ValueLists
  /** The request body: text, or base64 when `isBase64Encoded`. */
  readonly body?: string | null
  /** Whether `body` is base64. */
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
  /** Lambda's id for this invocation. */
  readonly awsRequestId?: string
  /** The function's name. */
  readonly functionName?: string
  /** The version of the function that runs, e.g. `$LATEST`. */
  readonly functionVersion?: string
  /** The ARN the function was invoked with (with an alias or version, if any). */
  readonly invokedFunctionArn?: string
  /** The memory configured for the function, in MB, as a string. */
  readonly memoryLimitInMB?: string
  /** The CloudWatch log group of the function. */
  readonly logGroupName?: string
  /** The CloudWatch log stream of this instance. */
  readonly logStreamName?: string
  /** Callback-style handlers only: wait for the event loop to empty before freezing. */
  callbackWaitsForEmptyEventLoop?: boolean
  /** How long the invocation may still run before its timeout, in milliseconds. */
  getRemainingTimeInMillis?(): number
}

/**
 * The answer to an API Gateway REST API (1.0) event. API Gateway merges `headers` and
 * `multiValueHeaders`; the adapter puts `Set-Cookie` in `multiValueHeaders` only.
 */
export interface ApiGatewayV1Result {
  /** The response's status code. */
  statusCode: number
  /** Every header but `Set-Cookie`; repeated values joined with commas. */
  headers?: Record<string, string>
  /** `Set-Cookie` only, one entry per cookie (API Gateway merges both maps). */
  multiValueHeaders?: Record<string, string[]>
  /** The response body: text, or base64 when `isBase64Encoded`. */
  body: string
  /** Whether `body` is base64 (a binary response). */
  isBase64Encoded: boolean
}

/** The answer to a payload 2.0 event (HTTP API, Function URL): cookies in `cookies`. */
export interface ApiGatewayV2Result {
  /** The response's status code. */
  statusCode: number
  /** The headers other than `Set-Cookie`; repeated values joined with commas. */
  headers?: Record<string, string>
  /** Each `Set-Cookie` value. */
  cookies?: string[]
  /** The response body: text, or base64 when `isBase64Encoded`. */
  body: string
  /** Whether `body` is base64 (a binary response). */
  isBase64Encoded: boolean
}

/**
 * The answer to an ALB event: `multiValueHeaders` when the event came with multi-value
 * headers, `headers` otherwise (never both: the load balancer reads only one).
 */
export interface AlbResult {
  /** The response's status code. */
  statusCode: number
  /** `200 OK`: status code and reason phrase. */
  statusDescription: string
  /**
   * The headers, when the event came without multi-value headers; several cookies go
   * under case variants of `set-cookie`.
   */
  headers?: Record<string, string>
  /** The headers, every value, when the event had multi-value headers. */
  multiValueHeaders?: Record<string, string[]>
  /** The response body: text, or base64 when `isBase64Encoded`. */
  body: string
  /** Whether `body` is base64 (a binary response). */
  isBase64Encoded: boolean
}

/** Any result the adapter produces; its shape is the one the event came in. */
export type LambdaResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult
