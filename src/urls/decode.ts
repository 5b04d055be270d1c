/**
 * Percent-decoding of the path before matching (U9, deliberate difference D8): each
 * segment is decoded on its own, so an escaped `/` (`%2F`) stays data inside its
 * segment instead of becoming structure.
 *
 * @module
 */

/** `%2F` and `%25`: kept escaped while matching, so `/` and `%` in the text are real. */
const KEPT = /%2F|%25/gi

/** `decodeURIComponent`, or the text as it was where it is not valid UTF-8 escapes. */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The path as routes match it: every escape decoded except `%2F` and `%25`, which
 * stay (upper-cased), so a route's `/` only ever matches a real separator.
 */
export function matchable(path: string): string {
  if (!path.includes('%')) return path
  let out = ''
  let last = 0
  for (const match of path.matchAll(KEPT)) {
    out += decodeOrKeep(path.slice(last, match.index)) + match[0].toUpperCase()
    last = match.index + 3
  }
  return out + decodeOrKeep(path.slice(last))
}

/** A captured value as the view gets it: the kept escapes decoded too. */
export const captured = (text: string): string =>
  text.includes('%') ? text.replace(/%2F/g, '/').replace(/%25/g, '%') : text

/**
 * Django's `quote(url, safe="/~:@!$&'()*+,;=")` for `reverse` (U8): everything else
 * outside the unreserved characters is escaped, `%` included.
 */
export function quote(text: string): string {
  return encodeURIComponent(text).replace(/%(2F|3A|40|24|26|2B|2C|3B|3D)/g, (escape) =>
    decodeURIComponent(escape),
  )
}

/**
 * The path of an absolute URL (as `Request.url` always is) without its leading
 * slash, as routes match it (U1), without parsing the whole URL.
 */
export function routePathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2) + 1
  const query = url.indexOf('?', start)
  const hash = url.indexOf('#', start)
  const end = hash >= 0 && (query < 0 || hash < query) ? hash : query
  return end < 0 ? url.slice(start) : url.slice(start, end)
}
