/**
 * Responses that are not this realm's: one made by another copy of the Fetch classes,
 * and a plain object shaped like one.
 */

/** The class another copy of the Fetch classes would have: not this realm's. */
class Response {}

/**
 * A `Response` as another copy of the Fetch classes makes it (a bundled undici, a
 * workerd realm): it fails `instanceof Response` but is branded `[object Response]`,
 * as theirs are, and reads and streams like any response.
 */
export function otherRealmResponse(
  body?: BodyInit | null,
  init?: ResponseInit,
): globalThis.Response {
  const real = new globalThis.Response(body, init)
  return new Proxy(real, {
    getPrototypeOf: () => Response.prototype,
    // Getters and methods run on the real one, whose internal slots they need.
    get(target, key): unknown {
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** A plain object with a response's shape: no response, whatever it looks like. */
export function responseShapedObject(status = 200): globalThis.Response {
  return {
    status,
    statusText: 'OK',
    headers: new Headers({ 'content-type': 'text/plain' }),
    body: null,
    ok: true,
  } as unknown as globalThis.Response
}
