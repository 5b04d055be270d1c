/**
 * `compareStacks`, `formatReport` and `requestsFromLog` beyond the S01–S30 table:
 * request kinds, labels outside M9 (M10 template responses, O16, unexplained), the
 * construction order, what hooks see while traced, and bad input.
 */
import { describe, expect, it } from 'vitest'
import {
  compareStacks,
  formatReport,
  MIGRATION_RULES,
  requestsFromLog,
} from '../../../adapters/migrate/index.js'
import { type HookClass } from '../../../adapters/legacy/index.js'
import {
  MiddlewareNotUsed,
  NotFound,
  TemplateResponse,
  type View,
} from '../../../src/index.js'

const ok: View = () => new Response('ok')

class Pass {
  processResponse(request: Request, response: Response) {
    return response
  }
}

describe('compareStacks: requests', () => {
  it('runs each Request both ways: both styles read the same POST body', async () => {
    const echo: View = async (request) => new Response(await request.text())
    const report = await compareStacks({
      middleware: [Pass],
      view: echo,
      requests: [
        new Request('http://localhost/items', { method: 'POST', body: 'hello' }),
      ],
    })
    expect(report.results[0]!.old.body).toBe('hello')
    expect(report.results[0]!.new.body).toBe('hello')
    expect(report.differing).toBe(0)
  })

  it('makes recorded requests twice, relative paths against http://localhost, and drops a GET body', async () => {
    const seen: string[] = []
    const view: View = async (request) => {
      seen.push(`${request.method} ${request.url} ${await request.text()}`)
      return new Response('ok')
    }
    await compareStacks({
      middleware: [],
      view,
      requests: [
        { url: '/a?b=1', headers: { 'x-id': '7' } },
        { method: 'post', url: '/c', body: 'data' },
        { url: '/d', body: 'ignored' },
      ],
    })
    expect(seen).toEqual([
      'GET http://localhost/a?b=1 ',
      'GET http://localhost/a?b=1 ',
      'POST http://localhost/c data',
      'POST http://localhost/c data',
      'GET http://localhost/d ',
      'GET http://localhost/d ',
    ])
  })

  it('names the request that cannot be made', async () => {
    const run = (requests: unknown[]) =>
      compareStacks({ middleware: [], view: ok, requests: requests as [] })
    await expect(run([{ url: '/' }, { method: 'GET' }])).rejects.toThrow(
      'requests[1] has no url.',
    )
    await expect(run([null])).rejects.toThrow('requests[0] is null, not a request.')
    await expect(run(['/'])).rejects.toThrow('requests[0] is string, not a request.')
    await expect(run([{ url: '/', method: 'BAD METHOD' }])).rejects.toThrow(
      /^requests\[0\] \(BAD METHOD \/\) is not a valid request: /,
    )
    // The Request constructor's own error rides along as the cause.
    const refused = await run([{ url: '/', method: 'BAD METHOD' }]).catch(
      (error: unknown) => error,
    )
    expect((refused as Error).cause).toBeInstanceOf(TypeError)
  })

  it('builds neither stack from a bad list, with the runner’s own message', async () => {
    await expect(
      compareStacks({
        middleware: [() => undefined] as unknown as HookClass[],
        view: ok,
        requests: [],
      }),
    ).rejects.toThrow(
      'legacyStack() middleware[0] must be a class with process* hooks, got an arrow function.',
    )
  })
})

describe('compareStacks: labels beyond S01–S30', () => {
  it('M10.template-response — a processResponse that makes a template response: outer layers receive it unrendered only in old style', async () => {
    class SeesTemplate {
      processResponse(request: Request, response: Response) {
        const kind = response instanceof Response ? 'Response' : 'template'
        return new Response('seen', { headers: { 'x-received': kind } })
      }
    }
    class MakesTemplate {
      processResponse() {
        return new TemplateResponse(() => 'page', {})
      }
    }
    const report = await compareStacks({
      middleware: [SeesTemplate, MakesTemplate],
      view: ok,
      requests: [{ url: '/' }],
    })
    const [difference, ...rest] = report.results[0]!.differences
    expect(rest).toEqual([])
    expect(difference).toEqual({
      field: 'header',
      name: 'x-received',
      old: 'template',
      new: 'Response',
      rules: ['M10.template-response'],
    })
  })

  it('M9.3 — a header only the new style sends (an outer processResponse that old style skipped) is reported with old: null', async () => {
    class Outer {
      processResponse(request: Request, response: Response) {
        response.headers.set('x-outer', String(response.status))
        return response
      }
    }
    class Inner {
      processResponse(): Response {
        throw new NotFound('gone')
      }
    }
    const report = await compareStacks({
      middleware: [Outer, Inner],
      view: ok,
      requests: [{ url: '/' }],
    })
    const { differences } = report.results[0]!
    expect(differences.map((d) => d.field)).toEqual([
      'status',
      'header',
      'body',
      'calls',
    ])
    expect(differences[0]).toEqual({
      field: 'status',
      old: 500,
      new: 404,
      rules: ['M9.3'],
    })
    expect(differences[1]).toEqual({
      field: 'header',
      name: 'x-outer',
      old: null,
      new: '404',
      rules: ['M9.3'],
    })
    expect(differences.every((d) => d.rules.join() === 'M9.3')).toBe(true)
  })

  it('M9.2 — a processRequest that answers something that is not a response fails right there, as if it raised', async () => {
    class Outer extends Pass {}
    class Odd {
      processRequest() {
        return 0 as unknown as Response
      }
      processResponse(request: Request, response: Response) {
        return response
      }
    }
    const report = await compareStacks({
      middleware: [Outer, Odd],
      view: ok,
      requests: [{ url: '/' }],
    })
    const result = report.results[0]!
    expect(result.old.calls).toEqual([
      'Odd.processRequest',
      'Odd.processResponse[500]',
      'Outer.processResponse[500]',
    ])
    expect(result.new.calls).toEqual([
      'Odd.processRequest',
      'Outer.processResponse[500]',
    ])
    expect(result.differences).toEqual([
      { field: 'calls', old: result.old.calls, new: result.new.calls, rules: ['M9.2'] },
    ])
  })

  it('O17 — a template response from processException after render() failed: old style renders it after processResponse, new style before', async () => {
    const failing = () =>
      new TemplateResponse(() => {
        throw new Error('cannot render')
      }, {})
    class Recover extends Pass {
      processException() {
        return failing()
      }
    }
    const report = await compareStacks({
      middleware: [Recover],
      view: failing,
      requests: [{ url: '/' }],
    })
    const result = report.results[0]!
    expect(result.old.status).toBe(500)
    expect(result.new.status).toBe(500)
    expect(result.old.calls.at(-1)).toBe('Recover.processResponse[200]')
    expect(result.new.calls.at(-1)).toBe('Recover.processResponse[500]')
    expect(result.differences).toEqual([
      { field: 'calls', old: result.old.calls, new: result.new.calls, rules: ['O17'] },
    ])
  })

  it('a body that is not UTF-8 is shown by its size', async () => {
    const bytes: View = () => new Response(new Uint8Array([0xff, 0xfe, 0x00]))
    const report = await compareStacks({
      middleware: [Pass],
      view: bytes,
      requests: [{ url: '/' }],
    })
    expect(report.results[0]!.old.body).toBe('<3 bytes of binary>')
    expect(report.results[0]!.new.body).toBe('<3 bytes of binary>')
    expect(report.differing).toBe(0)
  })

  it('O16 — HEAD: old style empties the body, new style leaves it to the server', async () => {
    const report = await compareStacks({
      middleware: [Pass],
      view: ok,
      requests: [{ method: 'HEAD', url: '/' }],
    })
    expect(report.results[0]!.differences).toEqual([
      { field: 'body', old: '', new: 'ok', rules: ['O16'] },
    ])
  })

  it('unexplained — a view that answers differently each time', async () => {
    let count = 0
    const counter: View = () => new Response(String((count += 1)))
    const report = await compareStacks({
      middleware: [Pass],
      view: counter,
      requests: [{ url: '/' }],
    })
    expect(report.results[0]!.differences).toEqual([
      { field: 'body', old: '1', new: '2', rules: ['unexplained'] },
    ])
  })

  it('ignoreHeaders leaves those headers out, in any case', async () => {
    let count = 0
    const stamped: View = () =>
      new Response('ok', { headers: { 'X-Request-Id': String((count += 1)) } })
    const options = { middleware: [Pass], view: stamped, requests: [{ url: '/' }] }
    expect((await compareStacks(options)).differing).toBe(1)
    expect(
      (await compareStacks({ ...options, ignoreHeaders: ['x-request-id'] })).differing,
    ).toBe(0)
  })

  it('compares every Set-Cookie value, not only the first', async () => {
    class Cookie {
      processRequest(_request: Request) {
        const headers = new Headers([
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ])
        return new Response('early', { headers })
      }
    }
    class Inner {
      processResponse(request: Request, response: Response) {
        response.headers.append('set-cookie', 'c=3')
        return response
      }
    }
    const report = await compareStacks({
      middleware: [Cookie, Inner],
      view: ok,
      requests: [{ url: '/' }],
    })
    const header = report.results[0]!.differences.find((d) => d.field === 'header')
    expect(header).toMatchObject({
      name: 'set-cookie',
      old: 'a=1\nb=2\nc=3',
      new: 'a=1\nb=2',
      rules: ['M9.1'],
    })
  })
})

describe('compareStacks: tracing changes nothing the hooks see', () => {
  it('processView receives the user’s own view, in both styles', async () => {
    const seen: unknown[] = []
    class Spy {
      processView(request: Request, view: unknown) {
        seen.push(view)
      }
    }
    await compareStacks({ middleware: [Spy], view: ok, requests: [{ url: '/' }] })
    expect(seen).toEqual([ok, ok])
  })

  it('hooks defined as instance fields are traced too', async () => {
    class Fields {
      processRequest = (request: Request) =>
        request.url.endsWith('/stop') ? new Response('stopped') : undefined
    }
    const report = await compareStacks({
      middleware: [Fields, Pass],
      view: ok,
      requests: [{ url: '/stop' }],
    })
    expect(report.results[0]!.old.calls).toEqual([
      'Fields.processRequest',
      'Pass.processResponse[200]',
    ])
    expect(report.results[0]!.new.calls).toEqual(['Fields.processRequest'])
  })

  it('a resolver’s views are traced and error messages still name the view', async () => {
    const lazy: View = () => undefined
    const errors: string[] = []
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error: (m: string) => errors.push(m),
    }
    const report = await compareStacks({
      middleware: [],
      resolve: async () => ({ view: lazy }),
      requests: [{ url: '/' }],
      logger,
    })
    expect(report.results[0]!.old.calls).toEqual(['view'])
    expect(report.results[0]!.old.status).toBe(500)
    expect(
      errors.filter((m) =>
        m.includes("The view lazy didn't return a Response object."),
      ),
    ).toHaveLength(2)
  })

  it('M10 construction — old style instantiates top to bottom with no argument, new style bottom to top with getResponse; a left-out class is listed', async () => {
    class A extends Pass {}
    class B {
      constructor() {
        throw new MiddlewareNotUsed()
      }
    }
    class C extends Pass {}
    const report = await compareStacks({
      middleware: [A, B, C],
      view: ok,
      requests: [],
    })
    expect(report.construction).toEqual({
      old: ['A()', 'B()', 'C()'],
      new: ['C(getResponse)', 'B(getResponse)', 'A(getResponse)'],
    })
    expect(report.requests).toBe(0)
  })
})

describe('formatReport', () => {
  class Deny {
    processRequest() {
      return new Response('no', { status: 403 })
    }
  }
  const report = () =>
    compareStacks({
      middleware: [Deny, Pass],
      view: ok,
      requests: [{ url: '/one' }, { url: '/two' }],
    })

  it('lists each differing request with its differences, labels and the rules cited', async () => {
    expect(formatReport(await report()).split('\n')).toEqual([
      '2 of 2 requests answered differently (old: legacyStack; new: createHandler + fromHooks)',
      '',
      'Construction (M10): old instantiates top to bottom with no argument; new calls the factories bottom to top.',
      '  old: Deny(), Pass()',
      '  new: Pass(getResponse), Deny(getResponse)',
      '',
      '#0 GET http://localhost/one',
      '  calls  [M9.1 short-circuit reach]',
      '    old: Deny.processRequest → Pass.processResponse[403]',
      '    new: Deny.processRequest',
      '',
      '#1 GET http://localhost/two',
      '  calls  [M9.1 short-circuit reach]',
      '    old: Deny.processRequest → Pass.processResponse[403]',
      '    new: Deny.processRequest',
      '',
      'Rules cited:',
      '  M9.1 short-circuit reach',
      `    old: ${MIGRATION_RULES['M9.1'].old}`,
      `    new: ${MIGRATION_RULES['M9.1'].new}`,
    ])
  })

  it('with all, lists the requests that agree; bodies are quoted and cut at bodyLength', async () => {
    const long = await compareStacks({
      middleware: [Pass],
      view: () => new Response('x'.repeat(50)),
      requests: [{ url: '/' }, { method: 'HEAD', url: '/' }],
    })
    const text = formatReport(long, { all: true, bodyLength: 10 })
    expect(text).toContain('#0 GET http://localhost/: same (200)')
    expect(text).toContain('  body  [O16 HEAD, 204 and 304 bodies]')
    expect(text).toContain('    old: ""')
    expect(text).toContain(`    new: "${'x'.repeat(10)}…"`)
  })
  it('a status difference shows both statuses; calls one style never made show as (none), as does an empty construction', async () => {
    // The resolver routes /new-only for the second (new-style) run of a request only,
    // /old-only for the first: a resolver that answers differently each time.
    let runs = 0
    const report = await compareStacks({
      middleware: [],
      resolve: (request) => {
        const oldRun = runs++ % 2 === 0
        const path = new URL(request.url).pathname
        return oldRun === (path === '/old-only') ? { view: ok } : undefined
      },
      requests: [{ url: '/new-only' }, { url: '/old-only' }],
    })
    expect(formatReport(report).split('\n')).toEqual([
      '2 of 2 requests answered differently (old: legacyStack; new: createHandler + fromHooks)',
      '',
      'Construction (M10): old instantiates top to bottom with no argument; new calls the factories bottom to top.',
      '  old: (none)',
      '  new: (none)',
      '',
      '#0 GET http://localhost/new-only',
      '  status  [unexplained not explained by a known rule]',
      '    old: 404',
      '    new: 200',
      '  header content-type  [unexplained not explained by a known rule]',
      '    old: "text/plain; charset=utf-8"',
      '    new: "text/plain;charset=UTF-8"',
      '  body  [unexplained not explained by a known rule]',
      '    old: "404 Not Found\\n"',
      '    new: "ok"',
      '  calls  [unexplained not explained by a known rule]',
      '    old: (none)',
      '    new: view',
      '',
      '#1 GET http://localhost/old-only',
      '  status  [unexplained not explained by a known rule]',
      '    old: 200',
      '    new: 404',
      '  header content-type  [unexplained not explained by a known rule]',
      '    old: "text/plain;charset=UTF-8"',
      '    new: "text/plain; charset=utf-8"',
      '  body  [unexplained not explained by a known rule]',
      '    old: "ok"',
      '    new: "404 Not Found\\n"',
      '  calls  [unexplained not explained by a known rule]',
      '    old: view',
      '    new: (none)',
      '',
      'Rules cited:',
      '  unexplained not explained by a known rule',
      `    old: ${MIGRATION_RULES.unexplained.old}`,
      `    new: ${MIGRATION_RULES.unexplained.new}`,
    ])
  })
})

describe('requestsFromLog', () => {
  it('reads JSON arrays, JSON lines, access-log lines and bare request lines; skips blanks and comments', () => {
    expect(
      requestsFromLog('[{"url":"/a"},{"method":"POST","url":"/b","body":"x"}]'),
    ).toEqual([{ url: '/a' }, { method: 'POST', url: '/b', body: 'x' }])
    const log = [
      '# recorded 2026-11-22',
      '{"url":"/json"}',
      '',
      '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "DELETE /items/3 HTTP/1.1" 204 0 "-" "curl/8"',
      'PUT /bare',
    ].join('\n')
    expect(requestsFromLog(log)).toEqual([
      { url: '/json' },
      { method: 'DELETE', url: '/items/3' },
      { method: 'PUT', url: '/bare' },
    ])
  })

  it('names the line it cannot read', () => {
    expect(() => requestsFromLog('GET /ok\nnot a request')).toThrow(
      'line 2 is neither a JSON request nor a request line: not a request',
    )
    expect(() => requestsFromLog('{"url":"/a"}\n{"url":')).toThrow(
      /^line 2 is not valid JSON: /,
    )
    // JSON.parse's own error rides along as the cause.
    let thrown: unknown
    try {
      requestsFromLog('{"url":')
    } catch (error) {
      thrown = error
    }
    expect((thrown as Error).cause).toBeInstanceOf(SyntaxError)
  })
})
