/**
 * fast-check arbitraries of what a hostile or broken client sends, for the raw-socket
 * fuzzer: byte garbage, a soup of HTTP tokens, valid requests mutated a few times, and
 * hosts and targets made of the pieces URL parsing treats specially.
 */
import fc from 'fast-check'

const words = (text: string) => text.split(' ')

/** Bytes that often mean something to an HTTP parser. */
const TOKENS = [
  ...words(
    'GET POST HEAD PUT OPTIONS CONNECT / /stream ? # % %2e .. HTTP/1.1 HTTP/1.0',
  ),
  ...words(': , ; Host a.example 127.0.0.1 0x7f.1 Content-Length Transfer-Encoding'),
  ...words('chunked Expect 100-continue Connection close keep-alive Upgrade 0 5 ff'),
  ...words('99999999999 -1 http:// @ [ ] *'),
  ...[' ', '\r\n', '\r\n\r\n', '\n', '\r', ': ', '\t', '\u0000', '\u007f', '\u00e9'],
  'x'.repeat(100),
]

/** Random bytes, or random HTTP tokens run together. */
export const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 1_024 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((list) => list.join('')),
)

/** Valid requests for the mutations to start from. */
const VALID = [
  'GET /a?b=c HTTP/1.1\r\nHost: a.example\r\nX-A: one\r\nCookie: a=1; b=2\r\n\r\n',
  'POST /stream HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\n\r\nhello',
  'POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n' +
    '3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
  'GET http://b.example/p HTTP/1.1\r\nHost: a.example\r\n\r\n' +
    'GET /second HTTP/1.1\r\nHost: a.example\r\n\r\n',
  'PUT /x HTTP/1.1\r\nHost: a.example:8080\r\nExpect: 100-continue\r\n' +
    'Content-Length: 2\r\n\r\nhi',
  'GET / HTTP/1.0\r\n\r\n',
]

const position = fc.double({ min: 0, max: 1, noNaN: true })

/** A change to a request; positions are fractions of its length. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: position,
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
)

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function mutate(request: string, change: Mutation): string {
  const at = Math.floor(change.at * request.length)
  switch (change.kind) {
    case 'insert':
      return request.slice(0, at) + change.text + request.slice(at)
    case 'delete':
      return request.slice(0, at) + request.slice(at + change.length)
    case 'replace':
      return `${request.slice(0, at)}${String.fromCharCode(change.byte)}${request.slice(at + 1)}`
    case 'truncate':
      return request.slice(0, at)
  }
}

/** A valid request with one to four mutations. */
export const mutatedRequest = fc
  .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([request, changes]) => changes.reduce(mutate, request))

const pieces = (parts: string[]) =>
  fc.array(fc.constantFrom(...parts), { maxLength: 12 }).map((list) => list.join(''))

/** Hosts from the pieces that decide between a name, an IPv4 address and a refusal. */
export const hostValue = pieces([
  ...words('a z A 0 1 9 . - _ : % %2f [ ] @ 0x xn-- XN-- 255 256 8080 65536 80 ::1'),
  '\u00e9',
])

/** Origin-form or absolute-form targets, with what URLs encode, decode or resolve. */
export const requestTarget = pieces([
  ...words(
    '/ a . .. %2e %2E % %zz %00 ? # \\ \' " { } | ^ ` < > ~ ! $ & ( ) * + , ; =',
  ),
  ...words(': @ [ ] // http:// https://b.example'),
  '\u00e9',
]).map((path) => (path.startsWith('http') ? path : `/${path}`))
