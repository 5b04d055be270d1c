/**
 * shallot/aws-lambda: the requests `bodyLimit` and `common` derive, and one a layer
 * derives through `carryRequestData`, still give `lambdaPlatform` and the provided
 * data.
 */
import { lambdaPlatform, toLambdaHandler, type LambdaEvent } from 'shallot/aws-lambda'
import { describe, expect, it } from 'vitest'
import { derivingStack } from '../../support/derived-requests.js'

const context = { awsRequestId: 'req-7' }

/** An HTTP API (v2) event; `body` without a `Content-Length` header, as a chunked upload. */
function event(path: string, body?: string): LambdaEvent {
  return {
    version: '2.0',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example.com' },
    requestContext: { http: { method: body === undefined ? 'GET' : 'POST' } },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  }
}

const platformOf = (request: Request) => {
  const platform = lambdaPlatform(request)
  return platform && { runtime: platform.runtime, id: platform.context.awsRequestId }
}
const expected = { runtime: 'aws-lambda', id: 'req-7' }

describe('requests derived from a shallot/aws-lambda request', () => {
  it('bodyLimit: the counted request keeps the platform objects and provided data', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const result = await toLambdaHandler(handler)(event('/upload', 'hello'), context)
    expect(result.statusCode).toBe(200)
    expect(seen).toEqual([
      { path: '/upload', platform: expected, user: 'ada', header: null, body: 'hello' },
    ])
  })

  it('common: the append-slash probe keeps them (a 301 follows)', async () => {
    const { handler, seen } = derivingStack(platformOf)
    const result = await toLambdaHandler(handler)(event('/page'), context)
    expect(result.statusCode).toBe(301)
    expect(seen.map((view) => [view.path, view.platform, view.user])).toEqual([
      ['/page', expected, 'ada'],
      ['/page/', expected, 'ada'],
    ])
  })

  it('a layer deriving through carryRequestData keeps them', async () => {
    const { handler, seen } = derivingStack(platformOf)
    await toLambdaHandler(handler)(event('/rewrite'), context)
    expect(seen.map((view) => [view.platform, view.user, view.header])).toEqual([
      [expected, 'ada', '1'],
    ])
  })
})
