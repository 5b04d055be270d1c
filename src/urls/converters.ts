/**
 * Path converters (Django's `django.urls.converters`, U4): a regex a segment must
 * match, and the two conversions, URL text to value and value to URL text.
 *
 * @module
 */

/**
 * A path converter: Django's `register_converter` class, passed to `path()` in its
 * `converters` option instead of a global registry.
 *
 * @example
 * ```ts
 * import type { Converter } from 'shallot/urls'
 *
 * const year: Converter<number> = {
 *   regex: '[0-9]{4}',
 *   toValue: (text) => Number(text),
 *   toUrl: (value) => String(value).padStart(4, '0'),
 * }
 * ```
 */
export interface Converter<T = unknown> {
  /** What the captured text must match (a regex source, no anchors). */
  readonly regex: string
  /** The value the view receives; throwing refuses the match (U5). */
  readonly toValue: (text: string) => T
  /** The text `reverse` puts in the URL for a value. */
  readonly toUrl: (value: T) => string
}

/** Converters by the name used in routes, `<name:param>`. */
export type Converters = Readonly<Record<string, Converter<any>>>

const asText: Converter<string> = {
  regex: '',
  toValue: (text) => text,
  toUrl: (value) => value,
}

/** `int`: digits, a number; more digits than a safe integer holds refuse the match. */
const int: Converter<number> = {
  regex: '[0-9]+',
  toValue(text) {
    const value = Number(text)
    if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is too large`)
    return value
  },
  toUrl: (value) => String(value),
}

/** The built-in converters (U4); `str` is the default for `<name>`. */
export const BUILT_IN: Converters = {
  int,
  str: { ...asText, regex: '[^/]+' },
  slug: { ...asText, regex: '[-a-zA-Z0-9_]+' },
  uuid: {
    ...asText,
    regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  },
  path: { ...asText, regex: '.+' },
}
