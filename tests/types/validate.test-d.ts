// Type tests: validate() types request.valid from its schemas' outputs, for zod,
// valibot and any Standard Schema validator, and adds nothing for parts not given.
import { describe, expectTypeOf, it } from 'vitest'
import * as v from 'valibot'
import { z } from 'zod'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { createHandler, type Req } from '../../src/index.js'
import { validate, type Validated } from '../../src/middleware/index.js'

describe('validate', () => {
  it("the view sees each part as its schema's output (zod)", () => {
    createHandler({
      middleware: [
        validate({
          json: z.object({ name: z.string(), age: z.coerce.number().default(0) }),
          query: z.object({ page: z.coerce.number() }),
        }),
      ],
      view: (request) => {
        expectTypeOf(request.valid.json).toEqualTypeOf<{ name: string; age: number }>()
        expectTypeOf(request.valid.query).toEqualTypeOf<{ page: number }>()
        // @ts-expect-error -- no form schema was given, so there is no valid.form
        void request.valid.form
        return new Response(request.valid.json.name)
      },
    })
  })

  it('valibot outputs, and parts from two validate layers', () => {
    createHandler({
      middleware: [
        validate({ headers: v.object({ 'x-api-key': v.string() }) }),
        validate({ form: v.object({ tags: v.array(v.string()) }) }),
      ],
      view: (request) => {
        expectTypeOf(request.valid.headers).toEqualTypeOf<{ 'x-api-key': string }>()
        expectTypeOf(request.valid.form).toEqualTypeOf<{ tags: string[] }>()
        return new Response('ok')
      },
    })
  })

  it('Validated maps a schema object; a view typed for another body does not fit', () => {
    const Body = z.object({ id: z.number() })
    expectTypeOf<Validated<{ json: typeof Body }>>().toEqualTypeOf<{
      json: { id: number }
    }>()
    expectTypeOf<
      Validated<{ query: StandardSchemaV1<unknown, Date>; json: undefined }>
    >().toEqualTypeOf<{
      query: Date
    }>()
    createHandler({
      middleware: [validate({ json: Body })],
      // @ts-expect-error -- the view wants a string id; the schema gives a number
      view: (request: Req<{ valid: { json: { id: string } } }>) =>
        new Response(request.valid.json.id),
    })
  })

  it('only Standard Schema validators are taken', () => {
    // @ts-expect-error -- a plain function is not a Standard Schema validator
    validate({ json: (value: unknown) => value })
    // @ts-expect-error -- body is not a part validate reads
    validate({ body: z.string() })
  })
})
