/**
 * Data kept with a request object: the adapters' platform objects, each in its own
 * slot beside the request (never a property of it), and the values `provide` added as
 * the request's own properties. One place attaches, reads and carries both, so a layer
 * that derives a new request hands the layers inside everything the old one had.
 *
 * @module
 */

/**
 * One kind of data attached to requests (an adapter's platform objects). Values are
 * kept in a `WeakMap` keyed by the request: nothing shows on the request, and an entry
 * goes when its request does.
 */
export interface RequestSlot<T> {
  /** Names the slot in messages and when inspecting. */
  readonly name: string
  /** The values, by request. */
  readonly values: WeakMap<object, T>
  /**
   * The value a request keeps itself (the Node adapter's lazy request holds
   * its own, a `WeakMap` entry per request costing its collector more than the rest of
   * the exchange), asked before the `WeakMap`.
   */
  readonly held: ((request: object) => T | undefined) | undefined
}

/** Every slot made, so that `carry` can carry all of them. */
const slots: RequestSlot<unknown>[] = []

/**
 * A new slot. Made once per kind of data, when its module loads.
 *
 * @param name - What the slot holds, for messages.
 * @param held - For requests that keep the value themselves: reads it, or `undefined`.
 */
export function requestSlot<T>(
  name: string,
  held?: (request: object) => T | undefined,
): RequestSlot<T> {
  const slot: RequestSlot<T> = { name, values: new WeakMap(), held }
  slots.push(slot)
  return slot
}

/** Keeps `value` in `slot` for `request` (replacing what was there). */
export function attach<T>(request: object, slot: RequestSlot<T>, value: T): void {
  slot.values.set(request, value)
}

/** What `slot` holds for `request`, or `undefined`. */
export function read<T>(request: object, slot: RequestSlot<T>): T | undefined {
  return slot.held?.(request) ?? slot.values.get(request)
}

/**
 * What the slot named `name` holds for `request`, or `undefined` (also when no slot of
 * that name was made, its adapter never loaded): for an adapter that may not import
 * the one that made the slot, as `fromKoa` reads the socket `shallot/node` received.
 */
export function readNamed(request: object, name: string): unknown {
  const slot = slots.find((candidate) => candidate.name === name)
  return slot && read(request, slot)
}

/**
 * Gives `derived` everything attached to `original`: the value of every slot, and the
 * own string-keyed properties `provide` added (symbol keys are left: runtimes keep
 * their own state under them). A property `derived` already has stays as it is.
 *
 * @returns `derived`.
 */
export function carry<R extends object>(original: object, derived: R): R {
  if (derived === original) return derived
  for (const slot of slots) {
    const value = read(original, slot)
    if (value !== undefined) slot.values.set(derived, value)
  }
  const from = original as Record<string, unknown>
  const to = derived as Record<string, unknown>
  for (const key of Object.keys(original)) {
    if (!(key in derived)) to[key] = from[key]
  }
  return derived
}

/**
 * `new Request(input, init)` carrying everything attached to `original`: how the
 * built-ins derive a request (a new body, a new URL).
 */
export function deriveRequest(
  original: Request,
  input: string | URL,
  init: RequestInit,
): Request {
  return carry(original, new Request(input, init))
}
