/**
 * The build-time check of the `errorViews` option (`createHandler`, `legacyStack`):
 * a plain object whose keys are error statuses and whose values are functions.
 *
 * @module
 */
import type { ErrorView, ErrorViews } from '../error-response.js'
import { ImproperlyConfigured } from '../errors.js'
import { show } from './describe.js'

/**
 * `errorViews` checked and copied (a later change to the caller's object changes
 * nothing), or `undefined` when there are none.
 *
 * @param who - The function named in messages: `createHandler()`.
 * @throws ImproperlyConfigured naming the key or value at fault.
 */
export function checkedErrorViews(
  errorViews: unknown,
  who: string,
): ErrorViews | undefined {
  if (errorViews === undefined) return undefined
  if (
    typeof errorViews !== 'object' ||
    errorViews === null ||
    Array.isArray(errorViews)
  ) {
    throw new ImproperlyConfigured(
      `${who} errorViews must be an object of error views by status ({ 404: view }), got ${show(errorViews)}.`,
    )
  }
  const views = Object.create(null) as Record<number, ErrorView>
  for (const [key, view] of Object.entries(errorViews)) {
    if (!/^[45]\d\d$/.test(key)) {
      throw new ImproperlyConfigured(
        `${who} errorViews has the key ${show(key)}; its keys are error statuses, 400 to 599.`,
      )
    }
    if (typeof view !== 'function') {
      throw new ImproperlyConfigured(
        `${who} errorViews[${key}] must be a function (request, error) => Response, got ${show(view)}.`,
      )
    }
    views[Number(key)] = view as ErrorView
  }
  return Object.freeze(views)
}
