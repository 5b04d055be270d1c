/**
 * The classic examples in docs/examples/classics/, which the tutorial shows: what
 * each answers, and, for the typed pair, the compiler's message for the wrong order.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'
import { createHandler, PermissionDenied } from 'shallot'
import { compareStacks } from 'shallot/migrate'
import { fromHooks, legacyStack } from 'shallot/legacy'
import {
  classes,
  newStyle,
  oldStyle,
  PoweredByMiddleware,
  view,
} from '../../../docs/examples/classics/both-styles.js'
import {
  ConflictError,
  ConflictMiddleware,
  handler as conflictHandler,
} from '../../../docs/examples/classics/conflict.js'
import {
  handler as allowListHandler,
  IpAllowListMiddleware,
} from '../../../docs/examples/classics/ip-allow-list.js'
import { handler as organizationHandler } from '../../../docs/examples/classics/organization.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

const from = (address: string | undefined, path = '/') =>
  new Request(`http://localhost${path}`, {
    headers: address === undefined ? {} : { 'x-forwarded-for': address },
  })

describe('ip-allow-list.ts', () => {
  test('an allowed address reaches the view', async () => {
    const response = await allowListHandler(from('10.0.0.7'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('welcome in')
  })

  test('any other address is answered 403 by processRequest', async () => {
    const response = await allowListHandler(from('203.0.113.9'))
    expect(response.status).toBe(403)
    expect(await response.text()).toBe('403 Forbidden\n')
  })

  test('no address at all is a 403 too', async () => {
    expect((await allowListHandler(from(undefined))).status).toBe(403)
  })

  test('only the entry the proxy appended counts, not what the client sent', async () => {
    expect((await allowListHandler(from('10.0.0.7, 203.0.113.9'))).status).toBe(403)
    expect((await allowListHandler(from('203.0.113.9, 10.0.0.7'))).status).toBe(200)
  })

  test('the layers inside and the view never run on a 403', async () => {
    const reached: string[] = []
    const handler = createHandler({
      middleware: [
        fromHooks(IpAllowListMiddleware),
        (getResponse) => (request) => {
          reached.push('inner layer')
          return getResponse(request)
        },
      ],
      view: () => {
        reached.push('view')
        return new Response('ok')
      },
      logger: quiet,
    })
    expect((await handler(from('203.0.113.9'))).status).toBe(403)
    expect(reached).toEqual([])
  })

  test('the 403 is logged at warn level with the request line, not the address', async () => {
    const lines: string[] = []
    const handler = createHandler({
      middleware: [fromHooks(IpAllowListMiddleware)],
      view: () => new Response('ok'),
      logger: { ...quiet, warn: (message: string) => void lines.push(message) },
    })
    await handler(from('203.0.113.9', '/admin'))
    expect(lines).toEqual(['Forbidden: GET /admin'])
  })

  test('PermissionDenied carries the address for debug pages', async () => {
    const handler = createHandler({
      middleware: [fromHooks(IpAllowListMiddleware)],
      view: () => new Response('ok'),
      debug: true,
      logger: quiet,
    })
    const body = await (await handler(from('203.0.113.9'))).text()
    expect(body).toContain('PermissionDenied: 203.0.113.9 is not allowed')
    expect(new PermissionDenied().status).toBe(403)
  })
})

describe('organization.ts', () => {
  test('the subdomain names the organization the view greets', async () => {
    const response = await organizationHandler(new Request('http://acme.example.com/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('Welcome to Acme Corporation')
  })

  test('an unknown subdomain is a 404', async () => {
    const response = await organizationHandler(
      new Request('http://nobody.example.com/'),
    )
    expect(response.status).toBe(404)
  })

  test('a host without a subdomain is a 404', async () => {
    expect((await organizationHandler(new Request('http://localhost/'))).status).toBe(
      404,
    )
    expect((await organizationHandler(new Request('http://example.com/'))).status).toBe(
      404,
    )
  })

  test('the wrong order is a compile error that names the missing key', () => {
    // A module that puts organization outside subdomain, compiled with the
    // repository's options; the tutorial shows this message.
    const file = join(root, 'tests/docs/examples/wrong-order.ts')
    const source = [
      "import { createHandler } from 'shallot'",
      "import { organization, subdomain } from '../../../docs/examples/classics/organization.js'",
      'createHandler({',
      '  middleware: [organization, subdomain],',
      '  view: (request) => new Response(request.organization.name),',
      '})',
      '',
    ].join('\n')
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) =>
      ts.sys.readFile(path),
    ).config as object
    const { options } = ts.parseJsonConfigFileContent(
      { ...config, include: [], files: [] },
      ts.sys,
      root,
    )
    const host = ts.createCompilerHost(options)
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (name, version, ...rest) =>
      name === file
        ? ts.createSourceFile(name, source, version)
        : getSourceFile(name, version, ...rest)
    const fileExists = host.fileExists.bind(host)
    host.fileExists = (name) => name === file || fileExists(name)
    const program = ts.createProgram([file], options, host)
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file?.fileName === file)
      .map((diagnostic) => ({
        line:
          diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line + 1,
        text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      }))
    expect(errors).toHaveLength(1)
    expect(errors[0]!.line).toBe(4) // the middleware line
    expect(errors[0]!.text.split('\n')[0]).toContain(
      'NeedsAnOuterLayerToProvide<"subdomain", "middleware[0]">',
    )
  })
})

describe('conflict.ts', () => {
  const save = (version: string) =>
    new Request('http://localhost/articles/1', {
      method: 'PUT',
      headers: { 'if-match': version },
    })

  test('the current version saves', async () => {
    expect((await conflictHandler(save('"3"'))).status).toBe(200)
  })

  test('a ConflictError from the view becomes a 409 in processException', async () => {
    const response = await conflictHandler(save('"2"'))
    expect(response.status).toBe(409)
    expect(await response.text()).toBe('409 Conflict: the article is at version 3\n')
  })

  test('other errors are left alone: a 500, as without the class', async () => {
    const handler = createHandler({
      middleware: [fromHooks(ConflictMiddleware)],
      view: () => {
        throw new RangeError('not a conflict')
      },
      logger: quiet,
    })
    expect((await handler(save('"3"'))).status).toBe(500)
  })

  test('without the class, a ConflictError is a plain 500', async () => {
    const handler = createHandler({
      middleware: [],
      view: () => {
        throw new ConflictError('stale')
      },
      logger: quiet,
    })
    expect((await handler(save('"2"'))).status).toBe(500)
  })
})

describe('both-styles.ts', () => {
  const requests = [
    ['/', '10.0.0.7'],
    ['/', '203.0.113.9'],
    ['/save', '10.0.0.7'],
    ['/save', undefined],
  ] as const

  test.each(requests)(
    '%s from %s: the same answer old-style and new-style',
    async (path, address) => {
      const old = await oldStyle(from(address, path))
      const now = await newStyle(from(address, path))
      expect([now.status, now.headers.get('x-powered-by'), await now.text()]).toEqual([
        old.status,
        old.headers.get('x-powered-by'),
        await old.text(),
      ])
    },
  )

  test('the answers are 200, 403, 409 and 403, each marked by PoweredByMiddleware', async () => {
    const answers = await Promise.all(
      requests.map(async ([path, address]) => {
        const response = await newStyle(from(address, path))
        return [response.status, response.headers.get('x-powered-by')]
      }),
    )
    expect(answers).toEqual([
      [200, 'shallot'],
      [403, 'shallot'],
      [409, 'shallot'],
      [403, 'shallot'],
    ])
  })

  test('the migration comparison finds no difference', async () => {
    const report = await compareStacks({
      middleware: classes,
      view,
      requests: requests.map(([path, address]) => ({
        url: path,
        headers: address === undefined ? {} : { 'x-forwarded-for': address },
      })),
    })
    expect(report.requests).toBe(4)
    expect(report.differing).toBe(0)
  })

  test('the constructor gets getResponse under fromHooks and nothing under legacyStack', async () => {
    const seen: unknown[] = []
    class Probe extends PoweredByMiddleware {
      constructor(getResponse?: (request: Request) => Promise<Response>) {
        super(getResponse)
        seen.push(typeof this.getResponse)
      }
    }
    legacyStack({ middleware: [Probe], view, logger: quiet })
    createHandler({ middleware: [fromHooks(Probe)], view, logger: quiet })
    expect(seen).toEqual(['undefined', 'function'])
  })

  test('below a class that answers early, old and new style differ (M9.1)', async () => {
    // PoweredBy inside the allow-list: the old style still runs its processResponse
    // on the 403, the onion does not reach it.
    const inner = [IpAllowListMiddleware, PoweredByMiddleware] as const
    const old = await legacyStack({ middleware: inner, view, logger: quiet })(
      from('203.0.113.9'),
    )
    const now = await createHandler({
      middleware: inner.map((HookClass) => fromHooks(HookClass)),
      view,
      logger: quiet,
    })(from('203.0.113.9'))
    expect([old.status, old.headers.get('x-powered-by')]).toEqual([403, 'shallot'])
    expect([now.status, now.headers.get('x-powered-by')]).toEqual([403, null])
  })
})
