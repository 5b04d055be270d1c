/** `cors` over real HTTP: one allowed origin, credentials, a preflight cache. */
import { createHandler } from '../../../src/index.js'
import { cors } from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const corsCase: MiddlewareCase = {
  prefix: '/cors',
  handler: createHandler({
    middleware: [
      cors({
        origin: ['https://app.example.com'],
        credentials: true,
        allowHeaders: ['x-token'],
        exposeHeaders: ['x-total'],
        maxAge: 600,
      }),
    ],
    view: (request) =>
      new URL(request.url).pathname === '/cors/redirect'
        ? Response.redirect('https://app.example.com/next', 302)
        : new Response(`cors ${request.method}`, { headers: { 'x-total': '3' } }),
  }),
}
