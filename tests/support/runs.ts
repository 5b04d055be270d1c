/**
 * How big a randomised test runs. `npm test` keeps fuzzers and property tests small
 * enough for a suite of a few minutes; `npm run soak` sets `SHALLOT_SOAK=1` and runs
 * the same tests at full size.
 *
 * @module
 */

/** True inside `npm run soak`. */
export const SOAK = process.env['SHALLOT_SOAK'] === '1'

/** `quick` runs in `npm test`, `full` in `npm run soak`. */
export function runs(quick: number, full: number): number {
  return SOAK ? full : quick
}
