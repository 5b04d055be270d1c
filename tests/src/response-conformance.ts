/**
 * What a `Response` does, member by member, as observations to compare: each check
 * runs against a real `Response` and a helper response made alike, and conformance is
 * both observing the same thing. Plain code with Web APIs only, so that the same
 * checks run under vitest (responses.test.ts) and inside workerd, Deno and Bun (the
 * `/conformance` route of tests/runtimes/stack.ts).
 */

/** Makes a response with `body` and `init`, as `new Response(body, init)` would. */
export type Make = (body: string, init?: ResponseInit) => Response

export interface Check {
  readonly name: string
  /** What this response does; JSON-comparable. */
  readonly observe: (make: Make) => Promise<unknown>
}

const TYPE = 'text/plain; charset=utf-8'

/** A value, or the name of what it threw (`TypeError`), or rejected with. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    const value: unknown = await run()
    return { value }
  } catch (error) {
    return { threw: error instanceof Error ? error.name : typeof error }
  }
}

const readAll = async (stream: ReadableStream<Uint8Array>): Promise<number[]> => {
  const bytes: number[] = []
  for (const reader = stream.getReader(); ;) {
    const { done, value } = await reader.read()
    if (done) return bytes
    bytes.push(...value)
  }
}

const headersOf = (response: Response) => [...response.headers]

const init: ResponseInit = {
  status: 201,
  statusText: 'Made',
  headers: { 'content-type': TYPE, 'x-a': '1' },
}

export const checks: readonly Check[] = [
  {
    name: 'status, statusText, ok, type, url, redirected, headers, instanceof',
    observe: async (make) => {
      const r = make('hi', init)
      return [
        r instanceof Response,
        Object.prototype.toString.call(r),
        r.status,
        r.statusText,
        r.ok,
        r.type,
        r.url,
        r.redirected,
        headersOf(r),
        make('x').status,
        make('x').statusText,
        make('x', { status: 404 }).ok,
      ]
    },
  },
  {
    name: 'headers can be changed',
    observe: async (make) => {
      const r = make('hi', init)
      r.headers.set('x-b', '2')
      r.headers.append('set-cookie', 'a=1')
      r.headers.append('set-cookie', 'b=2')
      return [headersOf(r), r.headers.getSetCookie()]
    },
  },
  {
    name: 'text(), then bodyUsed, then text() again rejects',
    observe: async (make) => {
      const r = make('hello')
      const before = r.bodyUsed
      const text = await r.text()
      return [before, text, r.bodyUsed, await outcome(() => r.text())]
    },
  },
  {
    name: 'bodyUsed turns true as soon as a read begins',
    observe: async (make) => {
      const r = make('hello')
      const reading = r.text()
      const during = r.bodyUsed
      await reading
      return during
    },
  },
  {
    name: 'json(), and json() of text that is not JSON',
    observe: async (make) => {
      const good = make('{"a":[1,2],"b":"é"}', {
        headers: { 'content-type': 'application/json' },
      })
      const bad = make('{nope')
      return [
        (await good.json()) as unknown,
        good.bodyUsed,
        await outcome(() => good.json()),
        await outcome(() => bad.json()),
        bad.bodyUsed,
      ]
    },
  },
  {
    name: 'arrayBuffer()',
    observe: async (make) => {
      const r = make('héllo')
      const buffer = await r.arrayBuffer()
      return [
        buffer instanceof ArrayBuffer,
        [...new Uint8Array(buffer)],
        r.bodyUsed,
        await outcome(() => r.arrayBuffer()),
      ]
    },
  },
  {
    name: 'bytes(), where the runtime has it',
    observe: async (make) => {
      const r = make('héllo')
      if (typeof Response.prototype.bytes !== 'function') return 'no bytes()'
      const bytes = await r.bytes()
      return [bytes instanceof Uint8Array, [...bytes], r.bodyUsed]
    },
  },
  {
    name: 'blob(): type from the headers as they are now, size, content',
    observe: async (make) => {
      const r = make('héllo', {
        headers: { 'content-type': 'Text/Plain; Charset=UTF-8' },
      })
      const blob = await r.blob()
      const changed = make('x')
      changed.headers.set('content-type', 'application/x-thing')
      const none = make('x')
      none.headers.delete('content-type')
      return [
        blob.type,
        blob.size,
        await blob.text(),
        r.bodyUsed,
        (await changed.blob()).type,
        (await none.blob()).type,
        await outcome(() => r.blob()),
      ]
    },
  },
  {
    name: 'formData(): a form parses, text/plain rejects',
    observe: async (make) => {
      const form = make('a=1&b=%C3%A9&a=2', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      const data = await form.formData()
      const plain = make('a=1')
      return [
        [...data].map(([name, value]) => [
          name,
          typeof value === 'string' ? value : 'a file',
        ]),
        form.bodyUsed,
        await outcome(() => plain.formData()),
        plain.bodyUsed,
      ]
    },
  },
  {
    name: 'body: a stream of the bytes; read, the response is used',
    observe: async (make) => {
      const r = make('héllo')
      const body = r.body
      const before = [body instanceof ReadableStream, r.bodyUsed, r.body === body]
      const bytes = await readAll(body!)
      return [before, bytes, r.bodyUsed, await outcome(() => r.text())]
    },
  },
  {
    name: 'body after text(): a stream that is locked, the response used',
    observe: async (make) => {
      const r = make('hello')
      await r.text()
      const body = r.body
      return [body instanceof ReadableStream, body?.locked, r.bodyUsed]
    },
  },
  {
    name: 'a locked body: not used, but text() rejects and clone() throws',
    observe: async (make) => {
      const r = make('hello')
      const reader = r.body!.getReader()
      return [
        r.bodyUsed,
        await outcome(() => r.text()),
        await outcome(() => r.clone()),
        await reader.read().then(({ done }) => done),
      ]
    },
  },
  {
    name: 'a cancelled body: used',
    observe: async (make) => {
      const r = make('hello')
      await r.body!.cancel()
      return [r.bodyUsed, await outcome(() => r.text())]
    },
  },
  {
    name: 'text() after body was asked for (and not read)',
    observe: async (make) => {
      const r = make('hello')
      void r.body
      return [await r.text(), r.bodyUsed]
    },
  },
  {
    name: 'clone() before reading: two independent bodies, headers copied',
    observe: async (make) => {
      const r = make('hello', init)
      const copy = r.clone()
      copy.headers.set('x-copy', '1')
      return [
        copy instanceof Response,
        copy.status,
        copy.statusText,
        headersOf(copy),
        headersOf(r),
        await copy.text(),
        r.bodyUsed,
        await r.text(),
        copy.bodyUsed,
      ]
    },
  },
  {
    name: 'clone() after body was asked for, then both read',
    observe: async (make) => {
      const r = make('hello')
      void r.body
      const copy = r.clone()
      return [await readAll(r.body!), await copy.text()]
    },
  },
  {
    name: 'clone() after reading throws',
    observe: async (make) => {
      const r = make('hello')
      await r.arrayBuffer()
      return outcome(() => r.clone())
    },
  },
  {
    name: 'new Response(r.body, r): same status, headers and body; r used once read',
    observe: async (make) => {
      const r = make('hello', init)
      const copy = new Response(r.body, r)
      return [
        copy.status,
        copy.statusText,
        headersOf(copy),
        await copy.text(),
        r.bodyUsed,
        await outcome(() => r.text()),
      ]
    },
  },
  {
    name: 'text decoding: a leading BOM dropped, lone surrogates as U+FFFD',
    observe: async (make) => {
      const body = '\uFEFFh\u00e9\uD800x\uDC00'
      return [
        await outcome(() => make(body).text()),
        await outcome(async () => [...new Uint8Array(await make(body).arrayBuffer())]),
        await outcome(() => make('\uFEFF{"a":1}').json()),
      ]
    },
  },
  {
    name: 'an empty body is a body',
    observe: async (make) => {
      const r = make('')
      return [r.body === null, await r.text(), r.bodyUsed]
    },
  },
  {
    name: 'statuses: one without a body refused, one out of range refused',
    observe: async (make) =>
      Promise.all(
        [204, 205, 304, 199, 600, 200, 599].map((status) =>
          outcome(() => make('x', { status }).status),
        ),
      ),
  },
]

/** What `check` observes of `make`'s responses, or the name of what it threw. */
export const observe = (check: Check, make: Make): Promise<unknown> =>
  outcome(() => check.observe(make))

/** The checks where `helper` and a real `Response` observe different things. */
export async function mismatches(
  helper: Make,
): Promise<{ name: string; real: unknown; helper: unknown }[]> {
  const real: Make = (body, init) => {
    const headers = new Headers(init?.headers)
    if (!headers.has('content-type')) headers.set('content-type', TYPE)
    return new Response(body, { ...init, headers })
  }
  const found = []
  for (const check of checks) {
    const [a, b] = [await observe(check, real), await observe(check, helper)]
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      found.push({ name: check.name, real: a, helper: b })
    }
  }
  return found
}
