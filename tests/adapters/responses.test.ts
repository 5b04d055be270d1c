/**
 * One rule for what a response is, one status table and one error body, through every
 * runtime adapter: a `Response` of another realm passes through as it is; a plain
 * object shaped like one is a 500 with the core's production body, in-process and
 * through shallot/node, shallot/aws-lambda (buffered and streaming) and shallot/fetch.
 */
import { describe, expect, it } from 'vitest'
import { createHandler, type Handler } from 'shallot'
import { toLambdaHandler, toStreamingLambdaHandler } from 'shallot/aws-lambda'
import { toFetchHandler } from 'shallot/fetch'
import {
  otherRealmResponse,
  recordingLogger,
  responseShapedObject,
} from '../support/index.js'
import { lambdaLogger, memoryStream } from './aws-lambda/doubles.js'
import { fixture } from './aws-lambda/fixture-events.js'
import { memoryLogger, raw, serverPerTest } from './node/support.js'

const ERROR_BODY = '500 Internal Server Error\n'
const NOT_A_RESPONSE =
  "The handler didn't return a Response object. It returned an object instead. Answered 500."

/** A handler that resolves with what `make` gives, bypassing the core's checks. */
const resolving =
  (make: () => unknown): Handler =>
  () =>
    Promise.resolve(make() as Response)

const foreign = () =>
  otherRealmResponse('from elsewhere', { status: 201, headers: { 'x-realm': 'other' } })

const event = () => fixture('apigw-v2-request-no-authorizer.json')

describe('in-process: the core', () => {
  it('a plain object from the view is a 500 with the production body; another realm’s Response passes', async () => {
    const shaped = createHandler({
      middleware: [],
      view: () => responseShapedObject(),
      logger: recordingLogger(),
    })
    const refused = await shaped(new Request('http://localhost/'))
    expect([refused.status, await refused.text()]).toEqual([500, ERROR_BODY])
    const response = foreign()
    const passed = createHandler({ middleware: [], view: () => response })
    expect(await passed(new Request('http://localhost/'))).toBe(response)
  })
})

describe('shallot/node', () => {
  const start = serverPerTest()

  it('a plain object: 500 with the production body, logged', async () => {
    const logger = memoryLogger()
    const url = await start(resolving(responseShapedObject), { logger })
    const answer = await fetch(url)
    expect([answer.status, answer.statusText]).toEqual([500, 'Internal Server Error'])
    expect(await answer.text()).toBe(ERROR_BODY)
    expect(logger.lines[0]).toMatch(/^error shallot\/node: the handler resolved with/)
  })

  it('another realm’s Response: sent as it is', async () => {
    const url = await start(resolving(foreign))
    const answer = await fetch(url)
    expect(answer.status).toBe(201)
    expect(answer.headers.get('x-realm')).toBe('other')
    expect(await answer.text()).toBe('from elsewhere')
  })

  it('the status line names a status as the one table does (RFC 9110), not as Node does', async () => {
    const url = await start(resolving(() => new Response('no', { status: 422 })))
    const answer = await raw(
      url,
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 422 Unprocessable Content\r\n/)
  })

  it('a status the table does not know keeps Node’s status line', async () => {
    const url = await start(resolving(() => new Response('odd', { status: 599 })))
    const answer = await raw(
      url,
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 599 unknown\r\n/)
  })
})

describe('shallot/aws-lambda', () => {
  it('buffered, a plain object: 500 with the production body, logged', async () => {
    const { errors, logger } = lambdaLogger()
    const result = await toLambdaHandler(resolving(responseShapedObject), { logger })(
      event(),
    )
    expect(result).toMatchObject({ statusCode: 500, body: ERROR_BODY })
    expect(errors).toEqual([NOT_A_RESPONSE])
  })

  it('buffered, another realm’s Response: its status, headers and body', async () => {
    const result = await toLambdaHandler(resolving(foreign))(event())
    expect(result).toMatchObject({
      statusCode: 201,
      headers: { 'x-realm': 'other' },
      body: 'from elsewhere',
    })
  })

  it('streaming, a plain object: a 500 prelude and the production body, logged', async () => {
    const { errors, logger } = lambdaLogger()
    const { stream, read } = memoryStream()
    await toStreamingLambdaHandler(resolving(responseShapedObject), { logger })(
      event(),
      stream,
    )
    const { prelude, body } = read()
    expect(prelude.statusCode).toBe(500)
    expect(body.toString()).toBe(ERROR_BODY)
    expect(errors).toEqual([NOT_A_RESPONSE])
  })

  it('streaming, another realm’s Response: its status, headers and body', async () => {
    const { stream, read } = memoryStream()
    await toStreamingLambdaHandler(resolving(foreign))(event(), stream)
    const { prelude, body } = read()
    expect(prelude).toMatchObject({ statusCode: 201, headers: { 'x-realm': 'other' } })
    expect(body.toString()).toBe('from elsewhere')
  })
})

describe('shallot/fetch', () => {
  it('a plain object: 500 with the production body, logged, not handed to the runtime', async () => {
    const logger = recordingLogger()
    const app = toFetchHandler(resolving(responseShapedObject), { logger })
    const answer = await app.fetch(new Request('http://localhost/'))
    expect(answer).toBeInstanceOf(Response)
    expect([answer.status, await answer.text()]).toEqual([500, ERROR_BODY])
    expect(logger.at('error')[0]!.message).toContain(
      "The handler didn't return a Response object. It returned an object instead.",
    )
  })

  it('another realm’s Response: handed on as it is', async () => {
    const response = foreign()
    const app = toFetchHandler(resolving(() => response))
    expect(await app.fetch(new Request('http://localhost/'))).toBe(response)
  })
})
