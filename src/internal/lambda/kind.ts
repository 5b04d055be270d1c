/**
 * Which integration sent an event, from its shape alone (AWS does not label them).
 *
 * @module
 */

/**
 * The integrations, by the result shape they expect: `v1` API Gateway REST,
 * `v2` payload 2.0 (HTTP API, Function URL), `alb` and `alb-multi` an ALB target group
 * without and with multi-value headers.
 */
export type EventKind = 'v1' | 'v2' | 'alb' | 'alb-multi'

export type Json = Readonly<Record<string, unknown>>

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The kind of `event`, or `undefined` when it is none of them. Order matters: an ALB
 * event also has `httpMethod` and `path`, so `requestContext.elb` is checked first;
 * payload 2.0 says `version: '2.0'` (older captures may only have `rawPath` and
 * `requestContext.http`).
 */
export function eventKind(event: unknown): EventKind | undefined {
  if (!isObject(event)) return undefined
  const context = event['requestContext']
  if (isObject(context) && isObject(context['elb'])) {
    const multi =
      isObject(event['multiValueHeaders']) ||
      isObject(event['multiValueQueryStringParameters'])
    return multi ? 'alb-multi' : 'alb'
  }
  if (
    event['version'] === '2.0' ||
    (typeof event['rawPath'] === 'string' &&
      isObject(context) &&
      isObject(context['http']))
  ) {
    return 'v2'
  }
  if (typeof event['httpMethod'] === 'string') return 'v1'
  return undefined
}
