// The first screen: from what the platform asked (one app, one connection to reconnect, or any app) and what the
// user already has.
import { getSession } from './api.js'
import type { ConnectSession } from '../connect-api-types.js'
import { authenticate } from './authenticate.js'
import { loading } from './dom.js'
import { overrideStrings, t } from './i18n.js'
import { pick } from './picker.js'
import { fail, finish } from './result.js'
import { reuse } from './reuse.js'
import { activeFor, credentialsOf, withApp } from './session.js'
import { state, type StartOptions } from './state.js'
import { applyTheme } from './theme.js'

export function start(options: StartOptions): void {
  const { token, strings, theme, ...asked } = options
  state.token = token
  state.options = asked
  overrideStrings(strings)
  applyTheme(theme)
  loading()
  getSession().then(
    (session) => {
      state.session = session
      firstScreen(session)
    },
    (error: unknown) => fail(error),
  )
}

function firstScreen(session: ConnectSession): void {
  const { app, credentialId, allowMultiple, alwaysShowAuthentication } = state.options
  if (credentialId) {
    const credential = session.credentials.find((c) => c.credentialId === credentialId)
    if (!credential) return fail(new Error(t('genericError')))
    return authenticate(credential.app, credential)
  }
  if (!app) return pick('')
  const existing = activeFor(app)
  const first = existing[0]
  if (first && !alwaysShowAuthentication) {
    // Nothing to ask: the platform wants this app and the user has it. With allowMultiple, the user picks.
    if (!allowMultiple) return finish({ credentialId: first.credentialId, app, reused: true })
    return withApp(app, (details) => reuse(details, existing))
  }
  // Only an expired connection: restored in place rather than duplicated (unless several are allowed).
  const expired = credentialsOf(app, 'expired')[0]
  if (expired && !allowMultiple) return authenticate(app, expired)
  authenticate(app, null)
}
