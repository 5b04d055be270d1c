/**
 * `TemplateResponse` (contract, Core): mutable until `render()`, rendered once.
 */
import { describe, expect, it } from 'vitest'
import { TemplateResponse } from '../../src/index.js'
import { takeHeldText } from '../../src/internal/held-body.js'

describe('TemplateResponse', () => {
  it('N10 — is not a Response; template, context, status and headers stay mutable until render()', async () => {
    const page = new TemplateResponse((c: { name: string }) => `hello ${c.name}`, {
      name: 'world',
    })
    expect(page).not.toBeInstanceOf(Response)
    page.context.name = 'shallot'
    page.status = 201
    page.headers.set('x-page', '1')
    page.template = (c) => `<h1>${c.name}</h1>`
    const response = await page.render()
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(201)
    expect(response.headers.get('x-page')).toBe('1')
    expect(await response.text()).toBe('<h1>shallot</h1>')
  })

  it('N10 — render() renders once; later calls return the same Response', async () => {
    let calls = 0
    const page = new TemplateResponse(() => {
      calls += 1
      return 'once'
    }, {})
    const first = await page.render()
    page.template = () => 'twice'
    const second = await page.render()
    expect(second).toBe(first)
    expect(calls).toBe(1)
  })

  it('N10 — isRendered turns true at the first render(), before the template resolves', async () => {
    let finish: (html: string) => void = () => {}
    const page = new TemplateResponse(
      () => new Promise<string>((resolve) => (finish = resolve)),
      {},
    )
    expect(page.isRendered).toBe(false)
    const rendering = page.render()
    expect(page.isRendered).toBe(true)
    finish('done')
    expect(await (await rendering).text()).toBe('done')
    expect(page.isRendered).toBe(true)
  })

  it('N10 — takes status and headers from init; content-type defaults to HTML', async () => {
    const page = new TemplateResponse(
      () => '',
      {},
      { status: 404, headers: { 'x-a': 'b' } },
    )
    const response = await page.render()
    expect(response.status).toBe(404)
    expect(response.headers.get('x-a')).toBe('b')
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
  })

  it('N10 — an error in the template rejects render()', async () => {
    const failure = new Error('template broke')
    const page = new TemplateResponse(() => {
      throw failure
    }, {})
    await expect(page.render()).rejects.toBe(failure)
  })

  it('renders the response helpers’ way: the text held, no body stream made, headers mutable', async () => {
    const page = new TemplateResponse((c: { n: number }) => `<p>${c.n}</p>`, { n: 1 })
    const response = await page.render()
    response.headers.set('x-layer', 'after')
    expect(response.headers.get('x-layer')).toBe('after')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(takeHeldText(response)).toBe('<p>1</p>')
  })

  it('a type removed by a hook is filled in as new Response() fills it, the plain way', async () => {
    const page = new TemplateResponse(() => 'plain', {})
    page.headers.delete('content-type')
    const response = await page.render()
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8')
    expect(takeHeldText(response)).toBeUndefined()
    expect(await response.text()).toBe('plain')
  })
})
