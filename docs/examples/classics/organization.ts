/**
 * Typed enrichment, the classic pair: one layer reads the subdomain from the host,
 * the next finds the organization it names. `organization` declares that it needs
 * `subdomain`, so a stack that puts it outside `subdomain` does not compile.
 *
 * Run it: `npx tsx docs/examples/classics/organization.ts`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url'
import { createHandler, NotFound, provide, type Middleware } from 'shallot'

/** A customer of a multi-tenant app, reached at `<slug>.example.com`. */
export interface Organization {
  readonly slug: string
  readonly name: string
}

/** Demo data standing in for a table. */
const organizations = new Map<string, Organization>([
  ['acme', { slug: 'acme', name: 'Acme Corporation' }],
  ['globex', { slug: 'globex', name: 'Globex' }],
])

/** Needs nothing; provides the host's first label (`acme.example.com`: `acme`). */
export const subdomain: Middleware<{}, { subdomain: string | null }> =
  (getResponse) => (request) => {
    const labels = new URL(request.url).hostname.split('.')
    const found = labels.length > 2 ? labels[0]! : null
    return getResponse(provide(request, { subdomain: found }))
  }

/** Needs `subdomain` from an outer layer; provides the organization it names. */
export const organization: Middleware<
  { subdomain: string | null },
  { organization: Organization }
> = (getResponse) => (request) => {
  const found =
    request.subdomain === null ? undefined : organizations.get(request.subdomain)
  if (found === undefined) {
    throw new NotFound(`no organization at ${request.subdomain ?? 'this host'}`)
  }
  return getResponse(provide(request, { organization: found }))
}

/** The right order: `subdomain` outside (before) `organization`. */
export const handler = createHandler({
  middleware: [subdomain, organization],
  view: (request) => new Response(`Welcome to ${request.organization.name}`),
  logger: { debug() {}, info() {}, warn() {}, error() {} },
})

// Run as a script (not imported): show two requests.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const url of ['http://acme.example.com/', 'http://nobody.example.com/']) {
    const response = await handler(new Request(url))
    console.log(url, response.status, (await response.text()).trim())
  }
}
