/**
 * The views. Each declares only the request data it reads; the router hands them the
 * full request, which has all of it.
 *
 * @module
 */
import {
  BadRequest,
  MethodNotAllowed,
  NotFound,
  redirect,
  TemplateResponse,
  type Req,
  type View,
} from 'shallot'
import { login, logout, type Session } from 'shallot/middleware'
import { ConflictError } from './errors.js'
import { homePage, type HomeContext } from './templates.js'
import { checkCredentials, type User } from './users.js'

/** What `/`, `/login` and `/logout` read from the request. */
type SessionRequest = Req<{ requestId: string; session: Session; user: User | null }>

/** The home page for this request, with a status and an error line when given. */
async function renderHome(
  request: SessionRequest,
  status = 200,
  error?: string,
): Promise<TemplateResponse<HomeContext>> {
  // Counting visits writes to the session, so every visitor gets a session cookie.
  const visits = ((await request.session.get<number>('visits')) ?? 0) + 1
  await request.session.set('visits', visits)
  return new TemplateResponse(
    homePage,
    {
      name: request.user?.name ?? null,
      requestId: request.requestId,
      visits,
      ...(error === undefined ? {} : { error }),
    },
    { status, headers: { 'cache-control': 'no-store' } },
  )
}

/**
 * `/`: a template response; the stack runs any `processTemplateResponse` hooks on it,
 * then renders it. It greets the logged-in user by name, or shows the login form.
 */
export const home: View<SessionRequest> = (request) => renderHome(request)

/** The form fields a `POST` sent, or a 400 for a body that is not a form. */
async function formOf(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new BadRequest('Send the login form: application/x-www-form-urlencoded.')
  }
}

/** A text field of the form, or `''` when it is missing or a file. */
function field(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * `POST /login`: checks the credentials of the form on `/`, logs the user in (a new
 * session key, the user's id in the session) and goes back to `/`. Wrong credentials
 * show the form again with a 401.
 */
export const loginView: View<SessionRequest> = async (request) => {
  if (request.method !== 'POST') throw new MethodNotAllowed(['POST'])
  const form = await formOf(request)
  const user = checkCredentials(field(form, 'username'), field(form, 'password'))
  if (user === undefined) {
    return renderHome(request, 401, 'Wrong username or password.')
  }
  await login(request, user)
  // 303: the browser follows with a GET, so reloading the page posts nothing again.
  return redirect('/', 303)
}

/** `POST /logout`: deletes the session and its cookie, and goes back to `/`. */
export const logoutView: View<SessionRequest> = async (request) => {
  if (request.method !== 'POST') throw new MethodNotAllowed(['POST'])
  await logout(request)
  return redirect('/', 303)
}

/** `/boom`: a bug. A bare 500 in production; `DEBUG=1` shows the message and stack. */
export const boom: View = () => {
  throw new Error('Something broke inside the /boom view.')
}

/** `/missing`: a view that looks something up and does not find it. */
export const missing: View = () => {
  throw new NotFound('There is no article called "missing".')
}

/** `/conflict`: a domain error that only the legacy class knows how to answer. */
export const conflict: View = () => {
  throw new ConflictError('The article changed since you loaded it; reload and retry.')
}

/**
 * `/about`: a page that is the same for everyone, so caches may keep it: the built-in
 * `conditionalGet` gives it an ETag and answers a matching `If-None-Match` with a 304.
 */
export const about: View = () =>
  new Response(
    '<!doctype html>\n<title>About the shallot demo</title>\n<p>A stack of native layers, built-in middleware and a migrated hook class.</p>\n',
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
