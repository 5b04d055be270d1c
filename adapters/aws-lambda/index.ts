/**
 * shallot/aws-lambda: a shallot handler as an AWS Lambda function behind API Gateway
 * (REST and HTTP APIs), an Application Load Balancer or a Function URL, buffered or
 * streaming.
 *
 * @module shallot/aws-lambda
 */
export { toLambdaHandler, type LambdaHandler } from './lambda-handler.js'
export {
  toStreamingLambdaHandler,
  type LambdaResponseStream,
  type StreamingLambdaHandler,
} from './streaming.js'
export type { LambdaOptions } from './options.js'
export { lambdaPlatform, type LambdaPlatform } from './platform.js'
export {
  defaultBodyEncoding,
  type BodyEncoding,
} from '../../src/internal/lambda/body.js'
export type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  LambdaContext,
  LambdaEvent,
  LambdaResult,
} from '../../src/internal/lambda/events.js'
