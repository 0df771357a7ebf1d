// /console/sign-in#token=…: the magic link. The token is read from the fragment (never sent in a URL), removed from
// the address bar and history at once, then exchanged for the session cookie.
import { ApiError, describeError, post } from '../api.js'
import { h } from '../dom.js'
import type { Session } from '../types.js'

export async function renderSignIn(options: {
  message?: string | undefined
  signedIn(session: Session): void
  currentSession(): Promise<Session | null>
}): Promise<HTMLElement> {
  document.title = 'Sign in · Keyport console'
  const token = new URLSearchParams(location.hash.slice(1)).get('token')
  if (location.hash) history.replaceState(null, '', '/console/sign-in')
  let problem: string | null = null
  if (token) {
    try {
      options.signedIn(await post<Session>('/console/api/sign-in', { token }))
      return h('main', { id: 'main', class: 'sign-in' }, h('p', null, 'Signing in…'))
    } catch (error) {
      problem =
        error instanceof ApiError && error.code === 'invalid_sign_in_link'
          ? 'This sign-in link is not valid any more: each link works once and for a limited time. Ask an admin for a new one.'
          : describeError(error)
    }
  } else if (!options.message) {
    const existing = await options.currentSession().catch(() => null)
    if (existing) {
      options.signedIn(existing)
      return h('main', { id: 'main', class: 'sign-in' }, h('p', null, 'Signing in…'))
    }
  }
  return h(
    'main',
    { id: 'main', class: 'sign-in' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title' }, 'Keyport console'),
      problem ? h('p', { class: 'notice notice-error', role: 'alert' }, problem) : null,
      options.message ? h('p', { class: 'notice', role: 'status' }, options.message) : null,
      h(
        'p',
        null,
        'You sign in with a personal link, valid once. An admin creates one on the Settings page, or with ',
        h('code', null, 'npx keyport console-user create <workspace> <email>'),
        '.',
      ),
    ),
  )
}
