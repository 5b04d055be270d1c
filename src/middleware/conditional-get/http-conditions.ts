/**
 * RFC 9110's conditional requests for `conditionalGet`: entity-tag lists, HTTP-dates
 * and the order in which the preconditions are evaluated (§13.2.2).
 *
 * @module
 */

/** What the server knows about the selected representation. */
export interface Current {
  readonly etag: string | null
  /** Milliseconds since the epoch, whole seconds; `undefined` when unknown. */
  readonly lastModified: number | undefined
  /** Whether a current representation exists (`*` matches it). */
  readonly exists: boolean
}

/** The evaluation's result: carry on, answer 304, or answer 412. */
export type Outcome = 'proceed' | 'not-modified' | 'failed'

/**
 * Evaluates the request's preconditions in RFC 9110 §13.2.2's order: If-Match, else
 * If-Unmodified-Since; then If-None-Match, else If-Modified-Since (GET and HEAD only).
 */
export function evaluatePreconditions(request: Request, current: Current): Outcome {
  const safe = request.method === 'GET' || request.method === 'HEAD'
  const ifMatch = entityTags(request.headers.get('if-match'))
  if (ifMatch !== undefined) {
    // §13.1.1: strong comparison; `*` matches any current representation.
    const passes =
      ifMatch === '*'
        ? current.exists
        : current.etag !== null &&
          !isWeak(current.etag) &&
          ifMatch.some((tag) => !isWeak(tag) && tag === current.etag)
    if (!passes) return 'failed'
  } else {
    // §13.1.4: only a representation with a known date can have been modified since.
    const since = httpDate(request.headers.get('if-unmodified-since'))
    if (since !== undefined && current.lastModified !== undefined) {
      if (current.lastModified > since) return 'failed'
    }
  }

  const ifNoneMatch = entityTags(request.headers.get('if-none-match'))
  if (ifNoneMatch !== undefined) {
    // §13.1.2: weak comparison.
    const matches =
      ifNoneMatch === '*'
        ? current.exists
        : current.etag !== null &&
          ifNoneMatch.some((tag) => opaque(tag) === opaque(current.etag as string))
    if (matches) return safe ? 'not-modified' : 'failed'
  } else if (safe && current.lastModified !== undefined) {
    // §13.1.3: a date in the future is invalid and ignored.
    const since = httpDate(request.headers.get('if-modified-since'))
    if (since !== undefined && since <= Date.now() && current.lastModified <= since) {
      return 'not-modified'
    }
  }
  return 'proceed'
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g

/** `*`, the entity-tags of a list, or `undefined` when the field is absent or empty. */
export function entityTags(field: string | null): '*' | string[] | undefined {
  if (field === null) return undefined
  if (field.trim() === '*') return '*'
  const tags = field.match(ENTITY_TAG)
  return tags === null ? undefined : tags
}

function isWeak(tag: string): boolean {
  return tag.startsWith('W/')
}

function opaque(tag: string): string {
  return isWeak(tag) ? tag.slice(2) : tag
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']
  .concat(['Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])
  .join('|')
const IMF_FIXDATE = new RegExp(
  `^[A-Z][a-z]{2}, (\\d{2}) (${MONTHS}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
)
const RFC_850 = new RegExp(
  `^[A-Z][a-z]+, (\\d{2})-(${MONTHS})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
)
const ASCTIME = new RegExp(
  `^[A-Z][a-z]{2} (${MONTHS}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`,
)

/**
 * An HTTP-date in any of RFC 9110 §5.6.7's three formats, as milliseconds since the
 * epoch; `undefined` for anything else (such a field is ignored, §13.1.3).
 */
export function httpDate(field: string | null): number | undefined {
  if (field === null) return undefined
  const value = field.trim()
  let parts: [string, string, string, string, string, string] | undefined
  const fix = IMF_FIXDATE.exec(value)
  if (fix !== null) parts = [fix[3]!, fix[2]!, fix[1]!, fix[4]!, fix[5]!, fix[6]!]
  const old = RFC_850.exec(value)
  if (old !== null)
    parts = [century(old[3]!), old[2]!, old[1]!, old[4]!, old[5]!, old[6]!]
  const asc = ASCTIME.exec(value)
  if (asc !== null)
    parts = [asc[6]!, asc[1]!, asc[2]!.trim(), asc[3]!, asc[4]!, asc[5]!]
  if (parts === undefined) return undefined
  const [year, month, day, hour, minute, second] = parts
  const monthIndex = MONTHS.split('|').indexOf(month)
  const time = Date.UTC(+year, monthIndex, +day, +hour, +minute, +second)
  const date = new Date(time)
  // Date.UTC rolls 31 Feb over into March: such a date is not valid.
  const valid = date.getUTCDate() === +day && +hour < 24 && +minute < 60 && +second < 60
  return valid ? time : undefined
}

/** §5.6.7: a two-digit year more than 50 years in the future is in the past century. */
function century(twoDigits: string): string {
  const now = new Date().getUTCFullYear()
  const year = Math.floor(now / 100) * 100 + Number(twoDigits)
  return String(year > now + 50 ? year - 100 : year)
}

/** Milliseconds rounded down to whole seconds, the precision of an HTTP-date. */
export function toSeconds(time: number): number {
  return Math.floor(time / 1000) * 1000
}
