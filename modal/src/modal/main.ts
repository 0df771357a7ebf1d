// The Keyport modal page's script (/connect/modal.js): app picker → authenticate (form or OAuth popup) → success.
// Embedded, the platform's page hands over the connect token by postMessage (../messages.ts); hosted, the token
// travels in the URL fragment.
import type { FrameMessage } from '../messages.js'
import { isRecord, nonEmptyString } from './guards.js'
import { t } from './i18n.js'
import { onKeydown } from './keyboard.js'
import { closeButton, embed } from './page.js'
import { close, fail } from './result.js'
import { start } from './start.js'
import { state } from './state.js'

closeButton.addEventListener('click', close)
document.addEventListener('keydown', onKeydown)

if (embed) {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Only the page that framed us, and only once: it hands over the token.
    const data = event.data
    if (event.source !== parent || state.token || !isRecord(data) || data.type !== 'keyport:init')
      return
    if (typeof data.token !== 'string') return
    state.parentOrigin = event.origin
    start({
      token: data.token,
      app: nonEmptyString(data.app),
      credentialId: nonEmptyString(data.credentialId),
      alwaysShowAuthentication: data.alwaysShowAuthentication === true,
      allowMultiple: data.allowMultiple === true,
      strings: data.strings,
      theme: data.theme,
    })
  })
  const ready: FrameMessage = { type: 'keyport:ready' }
  parent.postMessage(ready, '*')
} else {
  const params = new URLSearchParams(location.hash.slice(1))
  // The token travelled in the fragment (never sent to a server); drop it from the address bar and history.
  history.replaceState(null, '', location.pathname + location.search)
  closeButton.hidden = true
  const token = params.get('token')
  if (!token) fail(new Error(t('sessionExpired')))
  else
    start({
      token,
      app: nonEmptyString(params.get('app')),
      credentialId: nonEmptyString(params.get('credentialId')),
      alwaysShowAuthentication: params.get('alwaysShowAuthentication') === 'true',
      allowMultiple: params.get('allowMultiple') === 'true',
      strings: null,
      theme: null,
    })
}
