/**
 * Requests for the migration comparison: `Request` objects, plain records of them,
 * and recorded traffic (JSON, JSON lines, or access-log lines).
 *
 * @module
 */
import { typeName } from '../../src/internal/describe.js'

/** A request as recorded: what is needed to make it again. */
export interface RecordedRequest {
  /** Default `GET`. */
  readonly method?: string
  /** An absolute URL, or a path (`/a?b=1`) taken relative to `http://localhost`. */
  readonly url: string
  /** Header names and values, as an object or as pairs; default none. */
  readonly headers?:
    Readonly<Record<string, string>> | readonly (readonly [string, string])[]
  /** A text body; dropped for `GET` and `HEAD`, which cannot carry one. */
  readonly body?: string
}

const BASE = 'http://localhost'

/** `new Request` for a record, or a `TypeError` naming its position and what is wrong. */
export function requestFrom(entry: Request | RecordedRequest, index: number): Request {
  if (entry instanceof Request) return entry
  const where = `requests[${index}]`
  if (typeof entry !== 'object' || entry === null) {
    throw new TypeError(`${where} is ${typeName(entry)}, not a request.`)
  }
  if (typeof entry.url !== 'string' || entry.url === '') {
    throw new TypeError(`${where} has no url.`)
  }
  const method = (entry.method ?? 'GET').toUpperCase()
  try {
    return new Request(new URL(entry.url, BASE), {
      method,
      headers: (entry.headers ?? {}) as HeadersInit,
      body: method === 'GET' || method === 'HEAD' ? null : (entry.body ?? null),
    })
  } catch (error) {
    throw new TypeError(
      `${where} (${method} ${entry.url}) is not a valid request: ${String(error)}`,
      { cause: error },
    )
  }
}

/** `"GET /path HTTP/1.1"` in a Common or Combined Log Format line, or a bare `GET /path`. */
const REQUEST_LINE = /(?:^|")([A-Z]+) (\S+)(?: HTTP\/[\d.]+)?(?:"|$)/

/**
 * Reads recorded traffic: a JSON array of records, JSON lines (one record per line), or
 * access-log lines (Common/Combined Log Format, or `METHOD /path` per line). Blank
 * lines and lines starting with `#` are skipped.
 *
 * @param text - The file's content.
 * @returns The records, in order, for `compareStacks`' `requests`.
 * @throws SyntaxError naming the line that is neither a JSON record nor a request line.
 *
 * @example
 * ```ts
 * import { requestsFromLog } from 'shallot/migrate'
 *
 * const log = [
 *   '127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /admin/?q=1 HTTP/1.1" 403 12',
 *   '{"method":"POST","url":"/api/items","body":"{}"}',
 * ].join('\n')
 * console.log(requestsFromLog(log).map((r) => `${r.method} ${r.url}`).join(', '))
 * // GET /admin/?q=1, POST /api/items
 * ```
 */
export function requestsFromLog(text: string): RecordedRequest[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as RecordedRequest[]
  const records: RecordedRequest[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    if (line.startsWith('{')) {
      try {
        records.push(JSON.parse(line) as RecordedRequest)
      } catch (error) {
        throw new SyntaxError(`line ${index + 1} is not valid JSON: ${String(error)}`, {
          cause: error,
        })
      }
      return
    }
    const match = REQUEST_LINE.exec(line)
    if (match === null) {
      throw new SyntaxError(
        `line ${index + 1} is neither a JSON request nor a request line: ${line.slice(0, 80)}`,
      )
    }
    records.push({ method: match[1]!, url: match[2]! })
  })
  return records
}
