/**
 * The demo's one template: a function from a context to HTML, as `TemplateResponse`
 * expects. A real project would plug a template engine in here.
 *
 * @module
 */
import type { Template } from 'shallot'

/** What the home page shows. */
export interface HomeContext {
  /** The logged-in user's name, or `null` for a visitor who has not logged in. */
  readonly name: string | null
  readonly requestId: string
  readonly visits: number
  /** Why the last login failed, shown above the form. */
  readonly error?: string
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

/** Logged in: a logout button (a `POST`: a link could be followed by any page). */
const logoutForm = `<form method="post" action="/logout">
    <button>Log out</button>
  </form>`

/** Not logged in: the login form, which posts to `/login` on this origin. */
const loginForm = (
  error: string | undefined,
): string => `<form method="post" action="/login">
    ${error === undefined ? '' : `<p role="alert">${escapeHtml(error)}</p>`}
    <label>Username <input name="username" value="ada" autocomplete="username"></label>
    <label>Password <input name="password" type="password" autocomplete="current-password"></label>
    <button>Log in</button>
    <p>The demo user is <code>ada</code>, password <code>analytical-engine</code>.</p>
  </form>`

export const homePage: Template<HomeContext> = (context) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>shallot demo</title></head>
<body>
  <h1>Hello, ${escapeHtml(context.name ?? 'guest')}!</h1>
  <p>Request id: <code>${escapeHtml(context.requestId)}</code></p>
  <p>Visits in this session: ${context.visits}</p>
  ${context.name === null ? loginForm(context.error) : logoutForm}
  <ul>
    <li><a href="/about">/about</a>: a page with an ETag</li>
    <li><a href="/boom">/boom</a>: an unhandled error</li>
    <li><a href="/missing">/missing</a>: a 404</li>
    <li><a href="/conflict">/conflict</a>: a 409 from the legacy hook class</li>
  </ul>
</body>
</html>
`
