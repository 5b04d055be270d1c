/**
 * A response from the helpers (`text`, `json`, `html`) arrives in the result whole:
 * the adapter reads it through the public `Response` members, which serve the text
 * the helper holds.
 */
import { html, json, text } from 'shallot'
import { toLambdaHandler, type ApiGatewayV2Event } from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { fixture } from './fixture-events.js'

const event = (method = 'GET'): ApiGatewayV2Event => {
  const base = fixture<ApiGatewayV2Event>('function-url-domain-only-get-request.json')
  return {
    ...base,
    requestContext: {
      ...base.requestContext,
      http: { ...base.requestContext.http, method },
    },
  }
}

describe('helper responses in a Lambda result', () => {
  it('text(), json() and html(): body, status, headers', async () => {
    const answers = [
      text('héllo ✓'),
      json({ a: [1, 2] }, { status: 201, headers: { 'x-a': '1' } }),
      html('<p>hi</p>'),
    ]
    const results = []
    for (const response of answers) {
      results.push(await toLambdaHandler(async () => response)(event()))
    }
    expect(results.map((r) => [r.statusCode, r.body, r.isBase64Encoded])).toEqual([
      [200, 'héllo ✓', false],
      [201, '{"a":[1,2]}', false],
      [200, '<p>hi</p>', false],
    ])
    expect(results[1]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-a': '1',
    })
  })

  it('HEAD: the headers, no body', async () => {
    const result = await toLambdaHandler(async () => text('abc'))(event('HEAD'))
    expect([result.statusCode, result.body]).toEqual([200, ''])
    expect(result.headers?.['content-type']).toBe('text/plain; charset=utf-8')
  })
})
