/**
 * The built-in middleware misused: options of the wrong type or with a misspelt name
 * fail when the middleware is created (at build time), with an `ImproperlyConfigured`
 * that names the middleware, the option and what came instead. A switch given as a
 * string (`'false'`) would otherwise count as on, and a typo would be ignored.
 */
import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../../../src/index.js'
import {
  allowedHosts,
  bodyLimit,
  common,
  compress,
  conditionalGet,
  cors,
  exemptFromFrameOptions,
  securityHeaders,
  timeout,
} from '../../../src/middleware/index.js'

type Make = (options: never) => unknown

/** [middleware, options, the message's start] for each misuse. */
const cases: ReadonlyArray<readonly [string, () => unknown, string]> = [
  // Misspelt option names.
  [
    'allowedHosts',
    () => allowedHosts(['example.com'], { useForwardedHosts: true } as never),
    'allowedHosts() takes only the list of hosts, got a second argument: an object.',
  ],
  [
    'common',
    () => common({ appendslash: false } as never),
    'common() has no option appendslash; its options are appendSlash, isValidPath, contentLength.',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ hsts: 3600 } as never),
    'securityHeaders() has no option hsts; its options are hstsSeconds, ',
  ],
  [
    'cors',
    () => cors({ origin: '*', credential: true } as never),
    'cors() has no option credential; its options are origin, methods, allowHeaders, exposeHeaders, credentials, maxAge.',
  ],
  [
    'conditionalGet',
    () => conditionalGet({ maxBytes: 1024 } as never),
    'conditionalGet() has no option maxBytes; its options are etag, maxBodyBytes, validators.',
  ],
  [
    'compress',
    () => compress({ level: 9 } as never),
    'compress() has no option level; its options are encodings, minSize, compressible.',
  ],
  [
    'bodyLimit',
    () => bodyLimit({ maxBytes: 10, maxbytes: 20 } as never),
    'bodyLimit() has no option maxbytes; its options are maxBytes.',
  ],
  [
    'timeout',
    () => timeout({ ms: 10, statusCode: 504 } as never),
    'timeout() has no option statusCode; its options are ms, status, body.',
  ],
  // Options that are not an object.
  [
    'allowedHosts',
    () => allowedHosts(['example.com'], 'forwarded' as never),
    'allowedHosts() takes only the list of hosts, got a second argument: "forwarded".',
  ],
  [
    'common',
    () => common('strict' as never),
    'common() takes an options object, got "strict".',
  ],
  [
    'securityHeaders',
    () => securityHeaders(null as never),
    'securityHeaders() takes an options object, got null.',
  ],
  [
    'compress',
    () => compress(null as never),
    'compress() takes an options object, got null.',
  ],
  [
    'compress',
    () => compress('gzip' as never),
    'compress() takes an options object, got "gzip".',
  ],
  // Switches that are not booleans.
  [
    'securityHeaders',
    () => securityHeaders({ sslRedirect: 'false' } as never),
    'securityHeaders: sslRedirect must be true or false, got "false".',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ contentTypeNosniff: 0 } as never),
    'securityHeaders: contentTypeNosniff must be true or false, got 0.',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ hstsSeconds: 60, hstsPreload: 'yes' } as never),
    'securityHeaders: hstsPreload must be true or false, got "yes".',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ hstsSeconds: 60, hstsIncludeSubdomains: 1 } as never),
    'securityHeaders: hstsIncludeSubdomains must be true or false, got 1.',
  ],
  // Values of the wrong type.
  [
    'securityHeaders',
    () => securityHeaders({ referrerPolicy: 42 } as never),
    'securityHeaders: referrerPolicy must be one or more of no-referrer, ',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ referrerPolicy: true } as never),
    'securityHeaders: referrerPolicy must be one or more of no-referrer, ',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ referrerPolicy: ['origin', 7] } as never),
    'securityHeaders: referrerPolicy must be one or more of no-referrer, ',
  ],
  [
    'securityHeaders',
    () => securityHeaders({ sslHost: 443 } as never),
    'securityHeaders: sslHost must be a host name with an optional port, like "example.com", got 443.',
  ],
  [
    'timeout',
    () => timeout(undefined as never),
    'timeout() option ms must be a positive number of milliseconds up to 2147483647, got undefined.',
  ],
  [
    'timeout',
    () => timeout(null as never),
    'timeout() option ms must be a positive number of milliseconds up to 2147483647, got undefined.',
  ],
]

describe('built-in middleware: options are checked when the middleware is created', () => {
  for (const [name, make, message] of cases) {
    it(`${name}: ${message}`, () => {
      let error: unknown
      try {
        make()
      } catch (thrown) {
        error = thrown
      }
      expect(error).toBeInstanceOf(ImproperlyConfigured)
      expect((error as Error).message.startsWith(message)).toBe(true)
    })
  }

  it('the options of every middleware above are accepted when spelt right', () => {
    const valid: ReadonlyArray<readonly [Make, unknown]> = [
      [common, { appendSlash: false, contentLength: false, isValidPath: () => true }],
      [
        securityHeaders,
        {
          hstsSeconds: 60,
          hstsIncludeSubdomains: true,
          hstsPreload: false,
          contentTypeNosniff: false,
          referrerPolicy: ['origin', 'no-referrer'],
          crossOriginOpenerPolicy: false,
          frameOptions: 'sameorigin',
          sslRedirect: true,
          sslHost: 'secure.example.com:8443',
          redirectExempt: [/^health$/],
          proxySslHeader: ['x-forwarded-proto', 'https'],
        },
      ],
      [
        cors,
        {
          origin: ['https://app.example.com'],
          methods: ['GET'],
          allowHeaders: '*',
          exposeHeaders: ['x-total'],
          credentials: true,
          maxAge: 600,
        },
      ],
      [conditionalGet, { etag: 'weak', maxBodyBytes: 10, validators: () => undefined }],
      [compress, { encodings: ['gzip'], minSize: 0, compressible: () => true }],
      [bodyLimit, { maxBytes: 10 }],
      [timeout, { ms: 10, status: 504, body: 'late' }],
    ]
    for (const [make, options] of valid) {
      expect(typeof make(options as never)).toBe('function')
    }
  })
})

describe('exemptFromFrameOptions', () => {
  it('a value that is not a response: a TypeError naming what came instead', () => {
    expect(() => exemptFromFrameOptions('<p>embed me</p>' as never)).toThrow(
      new TypeError(
        'exemptFromFrameOptions() takes the response to exempt, got a string.',
      ),
    )
    expect(() => exemptFromFrameOptions(undefined as never)).toThrow(
      'exemptFromFrameOptions() takes the response to exempt, got undefined.',
    )
  })
})
