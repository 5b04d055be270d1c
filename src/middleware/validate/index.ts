/**
 * `validate`: checks a request's JSON or form body, query string and headers with
 * Standard Schema validators (zod, valibot, ArkType, ...) and provides the parsed,
 * typed values as `request.valid`.
 *
 * @module
 */
// Types only: the spec is an interface, so nothing of it is in the bundle.
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { BadRequest, ImproperlyConfigured } from '../../errors.js'
import { provide } from '../../provide.js'
import type { Middleware } from '../../types.js'
import { show } from '../../internal/describe.js'
import { assertOptions } from '../../internal/option-checks.js'
import { PARTS, readPart, type Part } from './read.js'

export type { StandardSchemaV1 } from '@standard-schema/spec'

/**
 * The schemas `validate` takes, one per part of the request, each a Standard Schema
 * validator (`z.object(...)`, `v.object(...)`, `type({...})`). Give at least one;
 * `json` and `form` both read the body, so not both.
 */
export interface ValidateSchemas {
  /**
   * The body as JSON. The request must say `Content-Type: application/json` (or a
   * `+json` type) in UTF-8, else 415; an empty body or one that is not JSON is a 400.
   */
  readonly json?: StandardSchemaV1 | undefined
  /**
   * The body as a form: `application/x-www-form-urlencoded` or `multipart/form-data`,
   * else 415. Each name maps to its value (a string, or a `File` from multipart); a
   * name sent more than once maps to the list of its values.
   */
  readonly form?: StandardSchemaV1 | undefined
  /** The query string, read as `form` is: a value per name, a list for a repeated one. */
  readonly query?: StandardSchemaV1 | undefined
  /** The headers, by lower-case name; a repeated header is one value joined by `, `. */
  readonly headers?: StandardSchemaV1 | undefined
}

/**
 * `request.valid` for the schemas `S`: each part given, typed as its schema's output
 * (`z.output`, `v.InferOutput`).
 */
export type Validated<S extends ValidateSchemas> = {
  -readonly [
    K in keyof S as S[K] extends StandardSchemaV1 ? K : never
  ]: S[K] extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S[K]> : never
}

/** An issue's path segment as JSON can carry it. */
const segment = (key: PropertyKey | StandardSchemaV1.PathSegment): string | number => {
  const value = typeof key === 'object' ? key.key : key
  return typeof value === 'number' ? value : String(value)
}

/** Whether `value` is a Standard Schema validator: `value['~standard'].validate`. */
function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props: unknown = (value as Partial<StandardSchemaV1> | null)?.['~standard']
  return (
    typeof (props as Partial<StandardSchemaV1.Props> | undefined)?.validate ===
    'function'
  )
}

function schemasOption(schemas: unknown): [Part, StandardSchemaV1][] {
  assertOptions(schemas, PARTS, 'validate()')
  const given = PARTS.flatMap((part) => {
    const schema: unknown = (schemas as Partial<Record<Part, unknown>> | undefined)?.[
      part
    ]
    if (schema === undefined) return []
    if (!isStandardSchema(schema)) {
      throw new ImproperlyConfigured(
        `validate() option ${part} must be a Standard Schema validator (zod, valibot, ArkType, ...: an object with a '~standard' property), got ${show(schema)}.`,
      )
    }
    return [[part, schema] as [Part, StandardSchemaV1]]
  })
  if (given.length === 0) {
    throw new ImproperlyConfigured(
      `validate() needs a schema for at least one of ${PARTS.join(', ')}.`,
    )
  }
  if (
    given.some(([part]) => part === 'json') &&
    given.some(([part]) => part === 'form')
  ) {
    throw new ImproperlyConfigured(
      'validate() takes json or form, not both: a request has one body. Use two routes, or one schema that accepts both shapes.',
    )
  }
  return given
}

/**
 * Checks parts of the request with Standard Schema validators before the layers inside
 * run, and provides what the schemas return as `request.valid`, typed: `validate({
 * json: User })` gives the view `request.valid.json` as `User`'s output type. Use it in
 * the global stack, or around one route.
 *
 * - The body is read once, only for a `json` or `form` schema, and only after its
 *   `Content-Type` was found right: a missing or other `Content-Type` is a 415
 *   `UnsupportedMediaType`, an empty body or one that is not JSON (or not multipart)
 *   a 400 that says so. Nothing ever turns a bad body into an empty object that
 *   validates. Put `bodyLimit` outside `validate` to bound what is read: its 413
 *   passes through unchanged.
 * - Every part is checked, and every issue of every part is reported, in one 400
 *   `BadRequest` whose `errors` list holds each issue's `path` (the part first:
 *   `['json', 'email']`) and `message`; the view never runs.
 * - Validators may be async. Their returned values are what `request.valid` holds, so
 *   transforms and defaults apply.
 * - A `validate` inside another adds its parts to `request.valid`; for a part both
 *   check, the inner one's value wins.
 *
 * The view reads the parsed body from `request.valid`: the body itself has been read.
 *
 * @param schemas - One or more of `json`, `form`, `query`, `headers`: see
 *   {@link ValidateSchemas}.
 * @returns A `Middleware<{}, { valid: Validated<S> }>`.
 * @throws ImproperlyConfigured at once for an unknown option, a value that is not a
 *   Standard Schema validator, no schema at all, or both `json` and `form`.
 *
 * @example
 * ```ts
 * import { createHandler, json } from 'shallot'
 * import { validate } from 'shallot/middleware'
 * import { z } from 'zod'
 *
 * const handler = createHandler({
 *   middleware: [validate({ json: z.object({ name: z.string().min(1) }) })],
 *   view: (request) => json({ hello: request.valid.json.name }),
 *   logger: { debug() {}, info() {}, warn() {}, error() {} },
 * })
 * const post = (body: string) =>
 *   handler(
 *     new Request('http://localhost/users', {
 *       method: 'POST',
 *       headers: { 'content-type': 'application/json' },
 *       body,
 *     }),
 *   )
 * console.log(await (await post('{"name":"Ada"}')).text()) // {"hello":"Ada"}
 * console.log((await post('{"name":""}')).status) // 400
 * console.log((await post('name=Ada')).status) // 400
 * ```
 */
export function validate<const S extends ValidateSchemas>(
  schemas: S,
): Middleware<
  {},
  {
    /** The parsed values, by part: `valid.json`, `valid.form`, `valid.query`, `valid.headers`. */
    valid: Validated<S>
  }
> {
  const given = schemasOption(schemas)
  return function validate(getResponse) {
    return async (request) => {
      // Read every part first: a 415 or an unreadable body answers before any schema.
      const inputs: unknown[] = []
      for (const [part] of given) inputs.push(await readPart(request, part))
      const valid: Record<string, unknown> = {}
      // The `FieldError`s of the 400, each with the part first in its path.
      const errors: { path: (string | number)[]; message: string }[] = []
      for (const [index, [part, schema]] of given.entries()) {
        const result = await schema['~standard'].validate(inputs[index])
        if (result.issues === undefined) {
          valid[part] = result.value
          continue
        }
        for (const issue of result.issues) {
          const path = [part, ...(issue.path ?? []).map(segment)]
          errors.push({ path, message: issue.message })
        }
      }
      if (errors.length > 0) {
        throw new BadRequest(
          `validate(): ${errors.length} invalid ${errors.length === 1 ? 'value' : 'values'}: ${errors
            .map(({ path, message }) => `${path.join('.')}: ${message}`)
            .join('; ')}`,
          { detail: 'The request is not valid.', errors },
        )
      }
      const outer = (request as { valid?: object }).valid
      return getResponse(
        provide(request, { valid: { ...outer, ...valid } as Validated<S> }),
      )
    }
  }
}
