/**
 * Shared helpers for the conformance suites.
 */
export * from './actions.js'
export * from './hooks.js'
export * from './layers.js'
export * from './logger.js'
export * from './requests.js'
export * from './responses.js'
export * from './scenarios.js'
export * from './template.js'

/** Splits a scenario log written as `A → B → C` into its entries. */
export function calls(log: string): string[] {
  return log
    .split('→')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

/** Text that must never appear in a production error body for `error`. */
export function leaks(body: string, error?: unknown): string[] {
  const found: string[] = []
  for (const fragment of [
    '/src/',
    '.ts:',
    '.ts)',
    '    at ',
    'Error:',
    'node_modules',
  ]) {
    if (body.includes(fragment)) found.push(fragment)
  }
  if (error instanceof Error) {
    if (error.message !== '' && body.includes(error.message)) found.push(error.message)
    if (error.stack !== undefined && body.includes(error.stack)) found.push('stack')
  }
  return found
}

/**
 * A list the types would reject on purpose (entries that are not factories, factories
 * returning something else), or one built at run time, typed for `createHandler` and
 * `compose`, so tests can check what happens at run time.
 */
export function dynamic(list: readonly unknown[]): [] {
  return list as unknown as []
}
