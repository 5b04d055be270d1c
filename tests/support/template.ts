/**
 * The scenarios' template response: template `TR[{{ origin }}]{% for m in mw %}+{{ m }}{% endfor %}`
 * with context `{ origin, mw: [] }`, so the body records where the response was
 * made and which `processTemplateResponse` hooks saw it.
 */
import { TemplateResponse } from '../../src/index.js'

export interface TrContext {
  origin: string
  mw: string[]
}

/** `TR[origin]+m+m...` */
export const trTemplate = (context: TrContext): string =>
  `TR[${context.origin}]${context.mw.map((name) => `+${name}`).join('')}`

/** An unrendered template response made by `origin`, with an empty `mw` list. */
export function templateResponse(
  origin: string,
  init?: ResponseInit,
): TemplateResponse<TrContext> {
  return new TemplateResponse<TrContext>(trTemplate, { origin, mw: [] }, init)
}

/**
 * A template response whose rendering logs `<origin>.render` and then throws
 * `error` (S20's response whose `render()` raises).
 */
export function failingTemplateResponse(
  origin: string,
  log: string[],
  error: unknown = new Error(`${origin}.render`),
): TemplateResponse<TrContext> {
  return new TemplateResponse<TrContext>(
    () => {
      log.push(`${origin}.render`)
      throw error
    },
    { origin, mw: [] },
  )
}
