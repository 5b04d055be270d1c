/**
 * The built-in middleware over real HTTP: every case in middleware/stacks.ts served by
 * one runtime, and every case's checks run against it.
 */
import { expect, it } from 'vitest'
import { checks } from './middleware/checks.js'
import { describeServed } from './served.js'
import type { RunningServer } from './suite.js'

export function middlewareSuite(
  runtime: string,
  start: () => Promise<RunningServer>,
): void {
  describeServed(`built-in middleware on ${runtime}`, start, (server) => {
    const url = (path: string) => `${server().origin}${path}`
    it('a path no case owns is a 404 from the dispatcher', async () => {
      const response = await fetch(url('/no-such-case'))
      expect(response.status).toBe(404)
      expect(await response.text()).toBe('no such case')
    })
    for (const check of checks) check(url)
  })
}
