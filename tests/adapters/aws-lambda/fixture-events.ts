/**
 * The AWS event fixtures (tests/adapters/aws-lambda/fixtures, see SOURCES.md there) and a stack
 * that records what the view saw, for the Lambda adapter's tests.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LambdaEvent } from 'shallot/aws-lambda'

const dir = fileURLToPath(new URL('fixtures/', import.meta.url))

/** A fixture, parsed: `fixture('java/elb_event.json')`. */
export function fixture<T = LambdaEvent>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T
}

/** Every JSON file under fixtures/, relative to it. */
export function allFixtures(): string[] {
  const walk = (at: string): string[] =>
    readdirSync(at, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(at, entry.name))
        : entry.name.endsWith('.json')
          ? [relative(dir, join(at, entry.name))]
          : [],
    )
  return walk(dir).sort()
}

/** What the view saw of a request. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string | null
}

/** A handler that records the request into `seen` and answers `answer()`. */
export function recorder(answer: () => Response = () => new Response('ok')) {
  const seen: Seen[] = []
  const handler = async (request: Request) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: request.body === null ? null : await request.text(),
    })
    return answer()
  }
  return { seen, handler }
}
