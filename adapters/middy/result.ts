/**
 * Lambda result -> `Response`: what Middy's hooks leave in `request.response` becomes
 * the layer's answer, read as API Gateway reads a proxy integration's result.
 *
 * @module
 */
import { fromBase64 } from '../../src/internal/lambda/body.js'
import { describe } from '../../src/internal/describe.js'

/** Why a result cannot become a `Response`; the caller names where it came from. */
export class BadResult extends Error {
  override name = 'BadResult'
}

type Fields = Readonly<Record<string, unknown>>

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Whether `value` is shaped like a Lambda result: an object with a `statusCode`. */
export function isResult(value: unknown): value is Fields {
  return isFields(value) && 'statusCode' in value
}

/** Statuses whose response has no body (`new Response` refuses one). */
const NULL_BODY = new Set([204, 205, 304])

/** A header value as API Gateway writes it: strings, numbers and booleans as text. */
function text(value: unknown, where: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new BadResult(`${where} is ${describe(value)}, not a string.`)
}

function append(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, value)
  } catch {
    throw new BadResult(`header ${JSON.stringify(name)} is not a valid HTTP header.`)
  }
}

/**
 * The headers of a result: `multiValueHeaders` (every value), `headers` for the names
 * it lacks (API Gateway merges the two so), then one `Set-Cookie` per `cookies` entry.
 */
function headersOf(result: Fields): Headers {
  const headers = new Headers()
  const { headers: single, multiValueHeaders: multi, cookies } = result
  const listed = new Set<string>()
  if (multi !== undefined && multi !== null) {
    if (!isFields(multi)) throw new BadResult('multiValueHeaders is not an object.')
    for (const [name, list] of Object.entries(multi)) {
      if (!Array.isArray(list)) {
        throw new BadResult(`multiValueHeaders.${name} is not an array.`)
      }
      listed.add(name.toLowerCase())
      for (const value of list as unknown[]) {
        append(headers, name, text(value, `multiValueHeaders.${name}`))
      }
    }
  }
  if (single !== undefined && single !== null) {
    if (!isFields(single)) throw new BadResult('headers is not an object.')
    for (const [name, value] of Object.entries(single)) {
      if (value === undefined || listed.has(name.toLowerCase())) continue
      append(headers, name, text(value, `headers.${name}`))
    }
  }
  if (cookies !== undefined) {
    if (!Array.isArray(cookies)) throw new BadResult('cookies is not an array.')
    for (const cookie of cookies as unknown[]) {
      append(headers, 'set-cookie', text(cookie, 'cookies[]'))
    }
  }
  return headers
}

/** The body's bytes: text as UTF-8, base64 decoded when `isBase64Encoded`. */
function bodyOf(result: Fields): Uint8Array<ArrayBuffer> | null {
  const { body } = result
  if (body === undefined || body === null || body === '') return null
  if (typeof body !== 'string') {
    throw new BadResult(
      `body is ${describe(body)}, not a string (serialize it, e.g. with JSON.stringify).`,
    )
  }
  if (result.isBase64Encoded !== true) return new TextEncoder().encode(body)
  try {
    return fromBase64(body)
  } catch {
    throw new BadResult('body is marked isBase64Encoded but is not base64.')
  }
}

/**
 * The `Response` a Lambda proxy result describes: `statusCode`, `headers`,
 * `multiValueHeaders`, `cookies`, and `body` (base64 when `isBase64Encoded`). No
 * `Content-Type` is added that the result does not set. A 204 or 304 drops its body.
 *
 * @throws BadResult naming the field that is not what API Gateway accepts.
 */
export function fromResult(result: Fields): Response {
  const { statusCode } = result
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 200 ||
    statusCode > 599
  ) {
    const shown =
      typeof statusCode === 'number' ? String(statusCode) : describe(statusCode)
    throw new BadResult(`statusCode is ${shown}, not a status from 200 to 599.`)
  }
  const headers = headersOf(result)
  const body = NULL_BODY.has(statusCode) ? null : bodyOf(result)
  return new Response(body, { status: statusCode, headers })
}
