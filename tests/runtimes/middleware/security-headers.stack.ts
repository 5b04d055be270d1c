/** `securityHeaders()` behind a real server: headers, HSTS via the proxy header, redirect. */
import { createHandler } from '../../../src/index.js'
import {
  exemptFromFrameOptions,
  securityHeaders,
} from '../../../src/middleware/index.js'
import type { MiddlewareCase } from './case.js'

export const securityHeadersCase: MiddlewareCase = {
  prefix: '/security-headers',
  handler: createHandler({
    middleware: [
      securityHeaders({
        hstsSeconds: 60,
        hstsIncludeSubdomains: true,
        proxySslHeader: ['x-forwarded-proto', 'https'],
        sslRedirect: true,
        redirectExempt: [/^security-headers\/plain$/],
      }),
    ],
    view: (request) =>
      new URL(request.url).pathname.endsWith('/widget')
        ? exemptFromFrameOptions(new Response('embed me'))
        : new Response('ok'),
  }),
}
