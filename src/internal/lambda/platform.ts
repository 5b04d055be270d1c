/**
 * The slot that keeps a Lambda invocation's event and context beside the `Request` the
 * Lambda adapter built: written by `shallot/aws-lambda`, read by it
 * (`lambdaPlatform`) and by `shallot/middy`, which hands Middy the event itself.
 *
 * @module
 */
import { requestSlot } from '../request-data.js'
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

// Beside the request rather than a property of it: nothing leaks into the request's
// own keys (or into `provide`d data), and the entry goes away with the request.
export const LAMBDA = requestSlot<LambdaPlatform>('aws-lambda')
