// The OAuth sign-in: a popup (opened inside the click, or popup blockers refuse it) posts the flow's `state` to
// /oauth/start and goes to the provider; the modal asks the API how the flow ended, every second and whenever the
// popup says it landed back (callback.ts).
import { oauthFlowStatus, startOAuthFlow } from './api.js'
import type { MessageKey } from '../../../src/modal/locales/index.js'
import type { OAuthStartBody } from '../connect-api-types.js'
import type { Attempt } from './authenticate.js'
import { button, h, show } from './dom.js'
import { errorMessage, problemsOf, showErrors, type CredentialForm } from './form-errors.js'
import { isRecord } from './guards.js'
import { hasMessage, t } from './i18n.js'
import { done, fail } from './result.js'

const POPUP_NAME = 'keyport_oauth'
const POLL_MS = 1000
/** A closed popup may still have finished the flow: a few more answers are awaited before giving up. */
const CLOSED_POPUP_CHECKS = 2

export function signIn(
  attempt: Attempt,
  fields: Record<string, string>,
  form: CredentialForm,
): void {
  const { app, reconnecting } = attempt
  const popup = window.open('', POPUP_NAME, 'popup,width=520,height=720')
  const body: OAuthStartBody = { app: app.app, fields }
  if (reconnecting) body.credentialId = reconnecting.credentialId
  startOAuthFlow(body).then(
    (flow) => {
      const launcher = h(
        'form',
        {
          method: 'post',
          action: '/oauth/start',
          target: popup ? POPUP_NAME : '_blank',
          hidden: true,
        },
        h('input', { type: 'hidden', name: 'state', value: flow.state }),
      )
      document.body.append(launcher)
      if (popup) {
        launcher.submit()
        return wait(attempt, flow.state, popup)
      }
      show(
        t('authTitle', { app: app.name }),
        h('p', { class: 'kp-error', role: 'alert', text: t('oauthPopupBlocked') }),
        h(
          'div',
          { class: 'kp-actions' },
          button(
            t('oauthContinueInTab'),
            () => {
              launcher.submit()
              wait(attempt, flow.state, null)
            },
            { primary: true, autofocus: true },
          ),
        ),
      )
    },
    (error: unknown) => {
      if (popup) popup.close()
      showErrors(form, problemsOf(error), errorMessage(error, app))
    },
  )
}

function wait(attempt: Attempt, state: string, popup: Window | null): void {
  const { app } = attempt
  show(
    t('authTitle', { app: app.name }),
    h(
      'div',
      { class: 'kp-waiting' },
      h('span', { class: 'kp-spinner kp-big', 'aria-hidden': 'true' }),
      h('p', { class: 'kp-muted', role: 'status', text: t('oauthWaiting', { app: app.name }) }),
    ),
  )
  let finished = false
  let closedChecks = 0
  function end(): void {
    finished = true
    clearInterval(timer)
    window.removeEventListener('message', onMessage)
  }
  function check(): void {
    if (finished) return
    oauthFlowStatus(state).then(
      (flow) => {
        if (finished) return
        if (flow.status === 'connected') {
          end()
          return done({ credentialId: flow.credentialId, app: flow.app, reused: false }, app)
        }
        if (flow.status === 'failed') {
          end()
          // Every failure reason of the schema has a sentence in the locales, or this does not compile.
          const key: MessageKey = `flow_${flow.reason}`
          return fail(new Error(hasMessage(key) ? t(key) : flow.message), attempt.retry)
        }
        if (popup && popup.closed && ++closedChecks > CLOSED_POPUP_CHECKS) {
          end()
          return fail(new Error(t('oauthWindowClosed')), attempt.retry)
        }
      },
      // A failed poll is asked again at the next tick.
      () => undefined,
    )
  }
  function onMessage(event: MessageEvent<unknown>): void {
    if (
      event.origin === location.origin &&
      popup &&
      event.source === popup &&
      isRecord(event.data) &&
      event.data.type === 'keyport:oauth'
    )
      check()
  }
  const timer = setInterval(check, POLL_MS)
  window.addEventListener('message', onMessage)
}
