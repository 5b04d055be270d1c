/**
 * How messages name values: what a value is (`an instance of Auth`, `a string`), the
 * value itself as a message quotes it (`"yes"`, `3`), its type in one word for logs
 * (`string`, `Error`), and the name of a function or class. One home, so that every
 * message says the same thing of the same value.
 *
 * @module
 */

/** The name of the class that made `value` (`Map`, `Object`), if it has one. */
function className(value: object): string | undefined {
  // `constructor` and its `name` may be anything on a hand-made object, getters that
  // throw and Proxy traps included.
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor
      ?.name
    return typeof name === 'string' && name !== '' ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * What a value is, for "got X" and "It returned X instead": `undefined`, `null`,
 * `a string`, `a function`, `an array`, `an instance of Auth`, or `an object` (a plain
 * one, one without a prototype, one of an anonymous class).
 *
 * @param options.classes - `false` says `an object` for an instance too, where the
 *   message names no class. Default `true`.
 */
export function describe(value: unknown, { classes = true } = {}): string {
  if (value === undefined || value === null) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value !== 'object') return `a ${typeof value}` // `a function` included
  const name = classes ? className(value) : undefined
  return name !== undefined && name !== 'Object'
    ? `an instance of ${name}`
    : 'an object'
}

/**
 * A value as a message quotes it: a string in quotes, a number, boolean, `null`,
 * `undefined` or RegExp as written, an array item by item (`["gzip", 3]`, a nested
 * array as `an array`), anything else as {@link describe} says (`a function`).
 *
 * @param quote - The quotes around a string: `"` (default, JSON's escapes) or `'`, for
 *   messages whose expected values are written in single quotes.
 */
export function show(value: unknown, quote: '"' | "'" = '"'): string {
  if (!Array.isArray(value)) return scalar(value, quote)
  return `[${value.map((item) => scalar(item, quote)).join(', ')}]`
}

function scalar(value: unknown, quote: '"' | "'"): string {
  if (typeof value === 'string') {
    return quote === '"' ? JSON.stringify(value) : `'${value}'`
  }
  if (
    value == null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof RegExp
  ) {
    return String(value)
  }
  return describe(value)
}

/**
 * A value's type in one word, for logs and short messages: `null`, `undefined`,
 * `string`, `function`..., and an object as `objects` says:
 *
 * - `'object'` (default): `object`;
 * - `'class'`: its class (`Error`, `Map`, `Object`), `object` when it has none;
 * - `'a class'`: `a Map`, `a Object`, `an object` when it has none.
 */
export function typeName(
  value: unknown,
  objects: 'object' | 'class' | 'a class' = 'object',
): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const name = objects === 'object' ? undefined : className(value)
  if (name === undefined) return objects === 'a class' ? 'an object' : 'object'
  return objects === 'a class' ? `a ${name}` : name
}

/** The function or class name a message should use, `anonymous` when it has none. */
export function nameOf(value: Function): string {
  // `name` may have been redefined as something else than a string.
  const { name } = value as { name: unknown }
  return typeof name === 'string' && name !== '' ? name : 'anonymous'
}

/** Whether a function is written with `class` (calling it without `new` throws). */
export function isClass(fn: Function): boolean {
  return /^class\b/.test(Function.prototype.toString.call(fn))
}
