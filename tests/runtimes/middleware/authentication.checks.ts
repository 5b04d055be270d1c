/** Log in, see a protected page, log out, over real HTTP with the session cookie. */
import { expect, it } from 'vitest'
import type { MiddlewareChecks } from './case.js'

export const authenticationChecks: MiddlewareChecks = (url) => {
  it('authentication: login, a loginRequired page, logout (Django login_required)', async () => {
    const me = (cookie?: string) =>
      fetch(url('/auth/me?x=1'), {
        redirect: 'manual',
        headers: cookie === undefined ? {} : { cookie },
      })
    const anonymous = await me()
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe('/auth/login?next=/auth/me%3Fx%3D1')
    await anonymous.body?.cancel()

    const loggedIn = await fetch(url('/auth/login'), { method: 'POST' })
    expect(await loggedIn.text()).toBe('Ada')
    const cookie = loggedIn.headers.get('set-cookie')!.split(';')[0]!
    expect(await (await me(cookie)).text()).toBe('me: Ada')

    const out = await fetch(url('/auth/logout'), {
      method: 'POST',
      headers: { cookie },
    })
    expect(await out.text()).toBe('anonymous')
    expect(out.headers.get('set-cookie')).toMatch(/^sessionid=;/)
    const after = await me(cookie)
    expect(after.status).toBe(302)
    await after.body?.cancel()
  })
}
