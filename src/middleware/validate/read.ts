/**
 * The four parts of a request `validate` reads, each as the plain value a schema
 * checks: the JSON body, the form body, the query string and the headers.
 *
 * @module
 */
import { BadRequest, UnsupportedMediaType } from '../../errors.js'

/** The parts `validate` reads, in the order it reads them. */
export const PARTS = ['headers', 'query', 'json', 'form'] as const

/** One of {@link PARTS}. */
export type Part = (typeof PARTS)[number]

/** What a form or query string becomes: a value per name, a list for a repeated name. */
export type Fields = Record<string, string | File | Array<string | File>>

/**
 * Entries as an object: a name given once maps to its value, a name given more than
 * once to the list of its values, in order (Node's `querystring.parse` rule).
 */
function fields(entries: Iterable<[string, string | File]>): Fields {
  const result: Fields = Object.create(null) as Fields
  for (const [name, value] of entries) {
    const before = result[name]
    if (before === undefined) result[name] = value
    else if (Array.isArray(before)) before.push(value)
    else result[name] = [before, value]
  }
  return result
}

/** The request's media type in lower case without parameters, and its charset. */
function contentType(request: Request): { type: string; charset: string | undefined } {
  const [type = '', ...parameters] = (request.headers.get('content-type') ?? '').split(
    ';',
  )
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1')
  return { type: type.trim().toLowerCase(), charset }
}

/** Throws a 415 unless the body is of one of `accepted` (`what` names them for people). */
function expectType(
  request: Request,
  accepted: (type: string) => boolean,
  what: string,
) {
  const { type, charset } = contentType(request)
  const detail = `Expected a ${what} body.`
  if (type === '') {
    throw new UnsupportedMediaType(
      `validate(): the request has no Content-Type; expected ${what}.`,
      { detail },
    )
  }
  if (!accepted(type)) {
    throw new UnsupportedMediaType(`validate(): Content-Type ${type} is not ${what}.`, {
      detail,
    })
  }
  // The body is read as UTF-8 (`request.text()`): another charset would be misread.
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaType(`validate(): charset ${charset} is not UTF-8.`, {
      detail: `Expected a ${what} body in UTF-8.`,
    })
  }
  return type
}

/** `application/json` and the `+json` types (RFC 6839 §3.1), such as problem+json. */
const isJson = (type: string) =>
  type === 'application/json' || /^application\/[^/]+\+json$/.test(type)

const FORM = 'application/x-www-form-urlencoded'
const MULTIPART = 'multipart/form-data'

/** The body parsed as JSON; a 415 for another type, a 400 for an empty or bad body. */
async function readJson(request: Request): Promise<unknown> {
  expectType(request, isJson, 'JSON (Content-Type: application/json)')
  const text = await request.text()
  if (text.trim() === '') {
    throw new BadRequest('validate(): the request body is empty; expected JSON.', {
      detail: 'The request body is empty; expected JSON.',
    })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new BadRequest(
      `validate(): the request body is not JSON: ${(error as Error).message}`,
      { detail: 'The request body is not valid JSON.' },
    )
  }
}

/** The form body as {@link Fields}; a 415 for another type, a 400 for bad multipart. */
async function readForm(request: Request): Promise<Fields> {
  const type = expectType(
    request,
    (given) => given === FORM || given === MULTIPART,
    `form (Content-Type: ${FORM} or ${MULTIPART})`,
  )
  if (type === FORM) return fields(new URLSearchParams(await request.text()))
  // Read first, parse after: an error reading (bodyLimit's 413, a client gone) keeps
  // its status, and only a body that does not parse is the client's 400.
  const bytes = await request.arrayBuffer()
  const headers = { 'content-type': request.headers.get('content-type')! }
  try {
    return fields(await new Response(bytes, { headers }).formData())
  } catch {
    throw new BadRequest(
      'validate(): the request body is not valid multipart/form-data.',
      {
        detail: 'The request body is not valid multipart/form-data.',
      },
    )
  }
}

/** Reads `part` of `request` as the value its schema checks. */
export function readPart(request: Request, part: Part): unknown {
  switch (part) {
    case 'headers':
      return Object.fromEntries(request.headers)
    case 'query':
      return fields(new URL(request.url).searchParams)
    case 'json':
      return readJson(request)
    case 'form':
      return readForm(request)
  }
}
