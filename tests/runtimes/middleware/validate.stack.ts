/**
 * `validate` with zod (bundled with the stack for workerd) behind a real server: the
 * view answers with what the schemas returned.
 */
import { z } from 'zod'
import { createHandler, json } from '../../../src/index.js'
import { validate } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const validateCase: MiddlewareCase = {
  prefix: '/validate',
  handler: createHandler({
    middleware: [
      validate({
        query: z.object({ page: z.coerce.number().int().default(1) }),
        json: z.object({ name: z.string().min(1) }),
      }),
    ],
    view: (request) => json({ ...request.valid.json, page: request.valid.query.page }),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  }),
}
