/**
 * What a randomly generated layer, hook or view may do instead of its default, for the
 * property tests of both styles. Every thrown message carries `SECRET`, so a test can
 * check that no production body shows it.
 */
import { NotFound } from '../../src/index.js'
import { raises, respond, returns, type Action } from './actions.js'
import { failingTemplateResponse, templateResponse } from './template.js'

export const SECRET = 'SECRET-5c1e'

export const OUTCOMES = [
  'respond',
  'respond404',
  'error',
  'notFound',
  'string',
  'null',
  'undefinedThrown',
  'bareObject',
  'returnUndefined',
  'returnNull',
  'returnNumber',
  'template',
  'failingTemplate',
] as const

export type Outcome = (typeof OUTCOMES)[number]

/** The action that performs `outcome` for the hook or view named `origin`. */
export function outcomeAction(outcome: Outcome, origin: string, log: string[]): Action {
  switch (outcome) {
    case 'respond':
      return respond(origin)
    case 'respond404':
      return respond(origin, 404)
    case 'error':
      return raises(new Error(`${SECRET} ${origin}`))
    case 'notFound':
      return raises(new NotFound(`${SECRET} ${origin}`))
    case 'string':
      return raises(`${SECRET} ${origin}`)
    case 'null':
      return raises(null)
    case 'undefinedThrown':
      return raises(undefined)
    case 'bareObject':
      return raises(Object.assign(Object.create(null) as object, { secret: SECRET }))
    case 'returnUndefined':
      return returns(() => undefined)
    case 'returnNull':
      return returns(() => null)
    case 'returnNumber':
      return returns(() => 0)
    case 'template':
      return returns(() => templateResponse(origin))
    case 'failingTemplate':
      return returns(() =>
        failingTemplateResponse(origin, log, new Error(`${SECRET} ${origin}.render`)),
      )
  }
}
