/**
 * Content negotiation for `Accept-Encoding` (RFC 9110 §12.5.3): codings with quality
 * values, `identity`, and `*` for any coding not listed.
 *
 * @module
 */

/** The coding names listed in `header`, lower case, with their q-values. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>()
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim())
    if (name === '') continue
    let q = 1
    for (const param of params) {
      const match = /^q\s*=\s*([0-9.]+)$/i.exec(param)
      // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
      if (match !== null) q = Math.min(1, Math.max(0, Number(match[1]) || 0))
    }
    // x-gzip is gzip (RFC 9110 §8.4.1.3); the first mention of a coding wins.
    const coding = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase()
    if (!weights.has(coding)) weights.set(coding, q)
  }
  return weights
}

/**
 * The coding to answer with: of `available` (in the server's order of preference),
 * the one the client weighs highest, ties going to the earlier; `undefined` for none
 * (identity). A missing header gets identity, as in Django's `GZipMiddleware`;
 * identity refused with nothing else acceptable still gets identity (§12.5.3 allows it).
 */
export function negotiateEncoding(
  header: string | null,
  available: readonly string[],
): string | undefined {
  if (header === null) return undefined
  const weights = parseAcceptEncoding(header)
  const any = weights.get('*')
  let best: string | undefined
  let bestQ = 0
  for (const coding of available) {
    const q = weights.get(coding) ?? any ?? 0
    if (q > bestQ) {
      best = coding
      bestQ = q
    }
  }
  // Identity is always acceptable unless refused (RFC 9110 §12.5.3); it is preferred
  // to a coding only when the client lists it with a higher weight.
  return best !== undefined && bestQ >= (weights.get('identity') ?? 0)
    ? best
    : undefined
}
