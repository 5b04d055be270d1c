/**
 * @middy/http-error-handler through fromMiddy: an http error (createError from
 * @middy/util) becomes its status and message, anything else a 500 with the fallback
 * message, and the logger is called; for errors of the view as of the hooks, on Node
 * and under the Lambda adapter.
 */
import httpErrorHandler from '@middy/http-error-handler'
import { createError } from '@middy/util'
import { describe, expect, it } from 'vitest'
import { fromMiddy } from 'shallot/middy'
import { lambda, nodeStack, resultHeaders, v1Event, v2Event } from '../support.js'

const serve = nodeStack()

describe('@middy/http-error-handler through fromMiddy', () => {
  it('answers an http error thrown by the view with its status and message', async () => {
    const logged: unknown[] = []
    const fetch = await serve(
      [fromMiddy(httpErrorHandler({ logger: (error: unknown) => logged.push(error) }))],
      () => {
        throw createError(422, 'name is missing')
      },
    )
    const response = await fetch('/')
    expect([response.status, await response.text()]).toEqual([422, 'name is missing'])
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(logged).toHaveLength(1)
  })

  it('answers an error thrown by a before hook the same way, with its headers', async () => {
    const auth = {
      before: () => {
        // http-errors' convention: headers on the error go on the response.
        throw Object.assign(createError(401, 'who are you?'), {
          headers: { 'WWW-Authenticate': 'Bearer' },
        })
      },
    }
    const fetch = await serve(
      [fromMiddy(httpErrorHandler({ logger: false }), auth)],
      () => new Response('secret'),
    )
    const response = await fetch('/')
    expect([response.status, await response.text()]).toEqual([401, 'who are you?'])
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('answers an error that is not an http error, or is not exposed, with 500 and the fallback message', async () => {
    const fetch = await serve(
      [
        fromMiddy(
          httpErrorHandler({ logger: false, fallbackMessage: 'Something broke' }),
        ),
      ],
      (request) => {
        if (new URL(request.url).pathname === '/hidden') {
          throw createError(503, 'database password is hunter2', { expose: false })
        }
        throw new Error('internal detail')
      },
    )
    for (const path of ['/plain', '/hidden']) {
      const response = await fetch(path)
      expect([response.status, await response.text()]).toEqual([500, 'Something broke'])
    }
  })

  it('answers the real API Gateway v1 and v2 events with the error’s status', async () => {
    const handler = lambda([fromMiddy(httpErrorHandler({ logger: false }))], () => {
      throw createError(409, 'conflict')
    })
    for (const event of [v1Event(), v2Event()]) {
      const result = await handler(event)
      expect([result.statusCode, result.body]).toEqual([409, 'conflict'])
      expect(resultHeaders(result)['content-type']).toBe('text/plain')
    }
  })
})
