/**
 * `serverTiming`: W3C Server Timing §3 header syntax, appending to an existing header,
 * immutable responses, streaming bodies left unread (ST2), build-time checks.
 */
import { describe, expect, it } from 'vitest'
import {
  createHandler,
  ImproperlyConfigured,
  type Middleware,
} from '../../../src/index.js'
import { serverTiming, timed } from '../../../src/middleware/index.js'

/** W3C Server Timing §3: metric-name *( OWS ";" OWS param ), param = token "=" (token / quoted-string). */
const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+"
const PARAM = `${TOKEN}\\s*=\\s*(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`
const METRIC = new RegExp(`^${TOKEN}(?:\\s*;\\s*${PARAM})*$`)

function metrics(header: string | null): string[] {
  return (header ?? '').split(/,\s*/)
}

const clock = () => {
  let now = 0
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

const work =
  (advance: (ms: number) => void, ms: number): Middleware =>
  (getResponse) =>
  async (request) => {
    advance(ms)
    return getResponse(request)
  }

describe('serverTiming', () => {
  it('W3C Server Timing §3: app;dur=<ms> for the whole time inside', async () => {
    const { now, advance } = clock()
    const handler = createHandler({
      middleware: [serverTiming({ now })],
      view: () => {
        advance(7.256)
        return new Response('ok')
      },
    })
    const header = (await handler(new Request('http://localhost/'))).headers.get(
      'server-timing',
    )
    expect(header).toBe('app;dur=7.26')
    expect(header).toMatch(METRIC)
  })

  it('W3C Server Timing §3: one metric per timed layer, own time, stack order', async () => {
    const { now, advance } = clock()
    const handler = createHandler({
      middleware: [
        serverTiming({ now, name: 'total' }),
        timed('auth', work(advance, 3)),
        timed('db', work(advance, 40)),
      ],
      view: () => {
        advance(5)
        return new Response('ok')
      },
    })
    const header = (await handler(new Request('http://localhost/'))).headers.get(
      'server-timing',
    )
    expect(header).toBe('total;dur=48, auth;dur=3, db;dur=40')
    for (const metric of metrics(header)) expect(metric).toMatch(METRIC)
  })

  it('desc is a quoted-string with " and \\ escaped', async () => {
    const handler = createHandler({
      middleware: [serverTiming({ description: 'say "hi" \\ bye', now: () => 0 })],
      view: () => new Response('ok'),
    })
    const header = (await handler(new Request('http://localhost/'))).headers.get(
      'server-timing',
    )
    expect(header).toBe('app;dur=0;desc="say \\"hi\\" \\\\ bye"')
    expect(header).toMatch(METRIC)
  })

  it('appends to a Server-Timing header the view set (W3C §3: #server-timing-metric)', async () => {
    const handler = createHandler({
      middleware: [serverTiming({ now: () => 0 })],
      view: () =>
        new Response('ok', { headers: { 'server-timing': 'cache;desc=hit' } }),
    })
    const response = await handler(new Request('http://localhost/'))
    expect(response.headers.get('server-timing')).toBe('cache;desc=hit, app;dur=0')
  })

  it('two serverTiming layers: the inner one is measured as a layer by the outer one', async () => {
    const { now, advance } = clock()
    const handler = createHandler({
      middleware: [serverTiming({ now, name: 'edge' }), serverTiming({ name: 'app' })],
      view: () => {
        advance(4)
        return new Response('ok')
      },
    })
    const header = (await handler(new Request('http://localhost/'))).headers.get(
      'server-timing',
    )
    expect(header).toBe('app;dur=4, edge;dur=4, app;dur=4')
  })

  it('copies a response with immutable headers (Response.redirect)', async () => {
    const handler = createHandler({
      middleware: [serverTiming({ now: () => 0 })],
      view: () => Response.redirect('http://localhost/there', 307),
    })
    const response = await handler(new Request('http://localhost/'))
    expect(response.status).toBe(307)
    expect(response.headers.get('server-timing')).toBe('app;dur=0')
  })

  it('ST2: a streamed body is not read', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++
          controller.enqueue(new TextEncoder().encode('x'))
          controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const handler = createHandler({
      middleware: [serverTiming()],
      view: () => new Response(body),
    })
    const response = await handler(new Request('http://localhost/'))
    expect(pulled).toBe(0)
    expect(response.headers.get('server-timing')).toMatch(/^app;dur=[\d.]+$/)
    expect(await response.text()).toBe('x')
  })

  it('the default clock is performance.now(): a 20 ms view reads about 20 ms', async () => {
    const handler = createHandler({
      middleware: [serverTiming()],
      view: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return new Response('ok')
      },
    })
    const header = (await handler(new Request('http://localhost/'))).headers.get(
      'server-timing',
    )
    const dur = Number(/dur=([\d.]+)/.exec(header ?? '')?.[1])
    expect(dur).toBeGreaterThanOrEqual(15)
    expect(dur).toBeLessThan(1000)
  })

  it.each([
    [{ name: 'has space' }, 'serverTiming() option name must be an HTTP token'],
    [
      { name: 3 },
      "serverTiming() option name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~), got 3.",
    ],
    [
      { description: 'line\nbreak' },
      'serverTiming() option description must be a string of printable ASCII characters, got "line\\nbreak".',
    ],
    [
      { description: 'caf\u00e9' },
      'option description must be a string of printable ASCII',
    ],
    [{ now: 5 }, 'serverTiming() option now must be a function, got 5.'],
    [
      { clock: () => 0 },
      'serverTiming() has no option clock; its options are name, description, now.',
    ],
    ['app', 'serverTiming() takes an options object, got "app".'],
  ])('build time: %o is ImproperlyConfigured', (options, message) => {
    expect(() => serverTiming(options as never)).toThrow(ImproperlyConfigured)
    expect(() => serverTiming(options as never)).toThrow(message)
  })
})
