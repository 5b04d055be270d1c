/**
 * Content negotiation for error answers: whether a request's `Accept` header prefers a
 * JSON problem (RFC 9457) to a plain-text page.
 *
 * @module
 */

/** A match of one media type against the header: its quality and the range's place. */
interface Match {
  q: number
  /** 0 for `*\/*`, 1 for `type/*`, 2 for `type/subtype`: the most specific range wins. */
  specificity: number
  /** The range's place in the header: ties in quality go to the one listed first. */
  index: number
}

const NONE: Match = { q: 0, specificity: -1, index: Infinity }

/** The `q` of a range's parameters; a malformed one leaves the range out (0). */
function quality(params: string[]): number {
  for (const param of params) {
    const [name = '', value = ''] = param.split('=', 2)
    if (name.trim().toLowerCase() !== 'q') continue
    const text = value.trim()
    return /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text) ? Number(text) : 0
  }
  return 1
}

/** Whether `a` is a better match than `b`: more specific, else listed first. */
const better = (a: Match, b: Match): boolean =>
  a.specificity > b.specificity ||
  (a.specificity === b.specificity && a.index < b.index)

/** The better answer for the client: higher quality, else listed first. */
const preferred = (a: Match, b: Match): Match =>
  a.q > b.q || (a.q === b.q && a.index < b.index) ? a : b

/**
 * Whether an error answer to a request with this `Accept` header should be
 * `application/problem+json` rather than `text/plain`: `application/json` or
 * `application/problem+json` has a higher quality than any text type (ranges matched
 * the most specific first, as RFC 9110 §12.5.1 says), or the same quality and is listed
 * earlier. No header, `*\/*` alone, or nothing acceptable: plain text, as before.
 */
export function prefersProblemJson(accept: string | null | undefined): boolean {
  if (typeof accept !== 'string' || accept === '') return false
  // The offers: JSON's two types, and text, for which `text/plain` and any text type
  // the client names count (a client that asks for text/html wants a page to read).
  let json = NONE
  let problem = NONE
  let plain = NONE
  let namedText = NONE
  accept.split(',').forEach((part, index) => {
    const [range = '', ...params] = part.split(';')
    const [type = '', subtype = ''] = range.trim().toLowerCase().split('/', 2)
    const q = quality(params)
    if (type === '*' && subtype === '*') {
      const match = { q, specificity: 0, index }
      if (better(match, json)) json = match
      if (better(match, problem)) problem = match
      if (better(match, plain)) plain = match
    } else if (type === 'application') {
      const specific = subtype === 'json' || subtype === 'problem+json'
      const match = { q, specificity: specific ? 2 : 1, index }
      if ((subtype === 'json' || subtype === '*') && better(match, json)) json = match
      if ((subtype === 'problem+json' || subtype === '*') && better(match, problem))
        problem = match
    } else if (type === 'text') {
      const match = { q, specificity: subtype === '*' ? 1 : 2, index }
      if ((subtype === 'plain' || subtype === '*') && better(match, plain))
        plain = match
      if (subtype !== '*') namedText = preferred(match, namedText)
    }
  })
  const wanted = preferred(json, problem)
  const text = preferred(plain, namedText)
  return (
    wanted.q > text.q ||
    (wanted.q === text.q && wanted.q > 0 && wanted.index < text.index)
  )
}
