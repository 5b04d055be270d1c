/**
 * The function the runtime interface client runs in tests/runtimes/aws-lambda-ric.test.ts,
 * bundled to plain JavaScript at test start: the shared stack behind `toLambdaHandler`
 * (`index.handler`) and behind `toStreamingLambdaHandler` (`index.streaming`), and a
 * handler that answers with what it saw of the request (`index.inspected`).
 */
import {
  lambdaPlatform,
  toLambdaHandler,
  toStreamingLambdaHandler,
  type StreamingLambdaHandler,
} from '../../../adapters/aws-lambda/index.js'
import { sharedStack } from '../../runtimes/stack.js'
import { inspect } from './inspect.js'

/** The runtime's global, set before this module loads. */
const { awslambda } = globalThis as unknown as {
  awslambda: { streamifyResponse(handler: StreamingLambdaHandler): unknown }
}

const stack = sharedStack((request) =>
  lambdaPlatform(request) ? 'aws-lambda' : 'none',
)

export const handler = toLambdaHandler(stack)
export const streaming = awslambda.streamifyResponse(toStreamingLambdaHandler(stack))
export const inspected = toLambdaHandler(inspect)
