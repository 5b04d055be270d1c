/**
 * The options both Lambda handlers take, and how an event becomes a request or a 400.
 *
 * @module
 */
import { NotAResponse, type Handler, type Logger } from '../../src/index.js'
import { errorResponse } from '../../src/internal/error-body.js'
import { log, messageOf } from '../../src/internal/log.js'
import { isResponse } from '../../src/internal/response.js'
import {
  defaultBodyEncoding,
  type BodyEncoding,
} from '../../src/internal/lambda/body.js'
import { eventKind, type EventKind } from '../../src/internal/lambda/kind.js'
import type { LambdaContext, LambdaEvent } from '../../src/internal/lambda/events.js'
import { attachPlatform } from './platform.js'
import { toRequest } from './to-request.js'

/** Options of `toLambdaHandler` and `toStreamingLambdaHandler`. */
export interface LambdaOptions {
  /**
   * Chooses how a response body goes into the result, from the response's headers.
   * Default: {@link defaultBodyEncoding}. A body that is not valid UTF-8 is sent as
   * base64 whatever this answers.
   */
  readonly bodyEncoding?: (headers: Headers) => BodyEncoding
  /**
   * Where the adapter reports a malformed event (warn) and a response body that failed
   * while being read (error). Default: `console`.
   */
  readonly logger?: Pick<Logger, 'warn' | 'error'>
}

export interface Resolved {
  readonly bodyEncoding: (headers: Headers) => BodyEncoding
  readonly logger: Pick<Logger, 'warn' | 'error'>
}

export const resolveOptions = (options: LambdaOptions): Resolved => ({
  bodyEncoding: options.bodyEncoding ?? defaultBodyEncoding,
  logger: options.logger ?? console,
})

/** What an event turned into: a request to handle, or the reason it is a 400. */
export type Incoming =
  | { readonly kind: EventKind; readonly request: Request }
  | { readonly kind: EventKind | undefined; readonly problem: string }

const NAMES: Record<EventKind, string> = {
  v1: 'API Gateway REST (payload 1.0)',
  v2: 'payload 2.0 (HTTP API or Function URL)',
  alb: 'ALB',
  'alb-multi': 'ALB (multi-value headers)',
}

/** The request for `event`, with the platform attached, or the problem with it. */
export function incoming(
  event: unknown,
  context: LambdaContext | undefined,
  logger: Resolved['logger'],
): Incoming {
  const kind = eventKind(event)
  if (kind === undefined) {
    const problem =
      'Unrecognised Lambda event: not an API Gateway REST, HTTP API, ALB or Function URL event. Answered 400.'
    log(logger, 'warn', problem)
    return { kind, problem }
  }
  try {
    const request = toRequest(event as Record<string, unknown>, kind)
    attachPlatform(request, {
      runtime: 'aws-lambda',
      event: event as LambdaEvent,
      context: context ?? {},
    })
    return { kind, request }
  } catch (error) {
    // A MalformedEvent names the field. Anything else (a hand-built event whose getter
    // throws) is a 400 as well: the handler never rejects.
    const problem = `Malformed ${NAMES[kind]} event: ${messageOf(error)}. Answered 400.`
    log(logger, 'warn', problem)
    return { kind, problem }
  }
}

/**
 * The `Accept` header of an event that may be malformed, read as far as it can be
 * (`headers`, else `multiValueHeaders`), so that its 400 takes the client's format.
 */
function acceptOfEvent(event: unknown): string | undefined {
  try {
    const { headers, multiValueHeaders } = event as Record<string, unknown>
    for (const group of [headers, multiValueHeaders]) {
      if (typeof group !== 'object' || group === null) continue
      for (const [name, value] of Object.entries(group)) {
        if (name.toLowerCase() === 'accept') return [value].flat().join(', ')
      }
    }
  } catch {}
  return undefined
}

/**
 * The 400 a malformed event gets: the stack's error body (in the format the event's
 * `Accept` prefers), no detail of the event.
 */
export const badRequest = (event: unknown) => errorResponse(400, acceptOfEvent(event))

/**
 * The handler's response; when it rejects, or resolves with something that is not a
 * `Response` (of any realm), the 500 with the stack's error body, logged.
 */
export async function respond(
  handler: Handler,
  request: Request,
  logger: Resolved['logger'],
): Promise<Response> {
  let response: unknown
  try {
    response = await handler(request)
  } catch (error) {
    // A shallot stack never rejects; a hand-written handler might.
    log(logger, 'error', 'The handler rejected; answered 500.', error)
    return errorResponse(500, request.headers.get('accept'))
  }
  if (isResponse(response)) return response
  log(
    logger,
    'error',
    `${new NotAResponse('The handler', response).message} Answered 500.`,
  )
  return errorResponse(500, request.headers.get('accept'))
}
