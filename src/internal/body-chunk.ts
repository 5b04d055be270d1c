/**
 * The one rule for a response body stream's chunks, in every adapter that writes them.
 *
 * @module
 */

/**
 * `chunk` when it is bytes. A stream of anything else (strings, numbers) is a bug of
 * the view's: Node would send a string as text and choke on the rest, while a
 * `Response` read in process refuses both. Before the headers this makes a 500, after
 * them a cut connection, like any failing body.
 *
 * @throws TypeError naming what came instead.
 */
export function bodyChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk
  throw new TypeError(
    `a response body stream must yield Uint8Array chunks, got ${typeof chunk}`,
  )
}
