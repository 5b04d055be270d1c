/**
 * The way in to the text a response helper (`text`, `json`, `html`) holds instead of a
 * body stream: an adapter that can send a string itself takes it, and a runtime that
 * reads a response's internal slots gets a response of its own.
 *
 * @module
 */

/** The key of a helper response's take method: not part of the public API. */
export const TAKE_TEXT: unique symbol = Symbol('shallot.takeText')

interface Holder {
  [TAKE_TEXT](): string | undefined
}

/**
 * The text `response` holds when it is a helper response whose body nobody has asked
 * for or read yet; from then on the body counts as read (`bodyUsed`). Else
 * `undefined`, and `response` is left as it was.
 */
export function takeHeldText(response: Response): string | undefined {
  return TAKE_TEXT in response
    ? (response as unknown as Holder)[TAKE_TEXT]()
    : undefined
}

/**
 * `response` itself, or for a helper response, a plain `Response` with its body, status,
 * status text and headers. A helper's internal slots hold no body, and workerd, Deno
 * and Bun read those slots rather than `body`; there a plain `Response` costs little.
 *
 * @throws TypeError when a helper response's body was read already (it cannot be sent).
 */
export function platformResponse(response: Response): Response {
  if (!(TAKE_TEXT in response)) return response
  const text = takeHeldText(response)
  if (text === undefined) return new Response(response.body, response)
  return new Response(asBody(text, response.headers), response)
}

/**
 * `text` as the body of a `Response` with `headers`: the string itself, or its UTF-8
 * bytes when `headers` has no `Content-Type`, which a string body would bring back.
 */
export function asBody(
  text: string,
  headers: Headers,
): string | Uint8Array<ArrayBuffer> {
  return headers.has('content-type') ? text : new TextEncoder().encode(text)
}
