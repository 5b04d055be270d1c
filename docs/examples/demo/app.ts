/**
 * The application: the stack around the router, built once.
 *
 * @module
 */
import { createHandler, type Handler, type Logger } from 'shallot'
import { resolve } from './routes.js'
import { stack } from './stack.js'

export interface AppOptions {
  /** Show error messages and stacks in error responses. Default `false`. */
  readonly debug?: boolean | undefined
  /** Where the stack logs 4xx (warn) and 5xx (error). Default `console`. */
  readonly logger?: Logger | undefined
}

/** Builds the demo's handler: `(request) => Promise<Response>`, which never rejects. */
export function createApp(options: AppOptions = {}): Handler {
  const { debug = false, logger } = options
  return createHandler({
    middleware: stack,
    resolve,
    debug,
    logger,
  })
}
