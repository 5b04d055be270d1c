/**
 * The demo's one template: a function from a context to HTML, as `TemplateResponse`
 * expects. A real project would plug a template engine in here.
 *
 * @module
 */
import type { Template } from 'shallot'

/** What the home page shows. */
export interface HomeContext {
  readonly name: string
  readonly signedIn: boolean
  readonly requestId: string
  readonly visits: number
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Every value that goes into HTML passes through here. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)

export const homePage: Template<HomeContext> = (context) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>shallot demo</title></head>
<body>
  <h1>Hello, ${escapeHtml(context.name)}!</h1>
  <p>Request id: <code>${escapeHtml(context.requestId)}</code></p>
  <p>Visits in this session: ${context.visits}</p>
  ${
    context.signedIn
      ? '<p>You are signed in through the demo session.</p>'
      : '<p>Send the cookie <code>sid=demo</code> to sign in as the demo user.</p>'
  }
  <ul>
    <li><a href="/boom">/boom</a>: an unhandled error</li>
    <li><a href="/missing">/missing</a>: a 404</li>
    <li><a href="/conflict">/conflict</a>: a 409 from the legacy hook class</li>
  </ul>
</body>
</html>
`
