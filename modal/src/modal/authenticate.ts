// Connecting one app (or reconnecting one connection in place): its fields, then a key checked by the server or
// the OAuth sign-in in a popup.
import { createCredential, reconnectCredential } from './api.js'
import type { AppDetail, SessionCredential } from '../connect-api-types.js'
import { h, setMark, show } from './dom.js'
import { fieldInput, type FieldRow } from './fields.js'
import {
  clearErrors,
  errorMessage,
  problemsOf,
  showErrors,
  type CredentialForm,
} from './form-errors.js'
import { t } from './i18n.js'
import { signIn } from './oauth.js'
import { backButton } from './picker.js'
import { done } from './result.js'
import { withApp } from './session.js'

/** What is being connected: the app, and the connection restored in place, if any. */
export interface Attempt {
  app: AppDetail
  reconnecting: SessionCredential | null
  /** Shows this app's form again (after a failed sign-in). */
  retry: () => void
}

export function authenticate(appId: string, reconnecting: SessionCredential | null): void {
  withApp(appId, (app) => {
    setMark(app.mark)
    const heading = reconnecting
      ? t('reconnectTitle', { app: app.name })
      : t('authTitle', { app: app.name })
    if (app.isOauth && !app.oauthClientConfigured)
      return show(
        heading,
        h('p', { class: 'kp-notice', role: 'status', text: t('notConfigured', { app: app.name }) }),
        h('div', { class: 'kp-actions' }, backButton()),
      )
    const retry = (): void => authenticate(app.app, reconnecting)
    show(heading, credentialForm({ app, reconnecting, retry }))
  })
}

function intro({ app, reconnecting }: Attempt): string {
  if (reconnecting) return t('reconnectIntro', { app: app.name })
  return app.isOauth ? t('oauthIntro', { app: app.name }) : t('keyIntro', { app: app.name })
}

/** The values typed in, empty fields left out. */
function readFields(rows: FieldRow[]): Record<string, string> {
  const data: Record<string, string> = {}
  for (const { field, control } of rows) if (control.value !== '') data[field.name] = control.value
  return data
}

function credentialForm(attempt: Attempt): HTMLFormElement {
  const { app, reconnecting } = attempt
  const metadata = reconnecting?.metadata ?? {}
  const rows = app.fields.map((field) => fieldInput(field, metadata[field.name]))
  const summary = h('p', { class: 'kp-form-error', role: 'alert', tabindex: '-1' })
  const submitText = h('span', {
    class: 'kp-submit-text',
    text: app.isOauth ? t('oauthButton', { app: app.name }) : t('submitKey'),
  })
  const submit = h(
    'button',
    { type: 'submit', class: 'kp-primary' },
    h('span', { class: 'kp-spinner', 'aria-hidden': 'true' }),
    submitText,
  )
  const form = h(
    'form',
    { class: 'kp-form', novalidate: true },
    h('p', { class: 'kp-intro', text: intro(attempt) }),
    ...rows.map(({ row }) => row),
    summary,
    h(
      'div',
      { class: 'kp-actions' },
      submit,
      backButton(),
      // Only where there is something to type: an OAuth app without fields asks for nothing to find.
      app.docsUrl && app.fields.length > 0
        ? h('a', {
            href: app.docsUrl,
            target: '_blank',
            rel: 'noopener noreferrer',
            class: 'kp-link',
            text: t('docsLink'),
          })
        : null,
    ),
  )
  const parts: CredentialForm = { form, rows, summary }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    // Old complaints go before anything else happens, so none is on screen while "Checking with…" runs.
    clearErrors(parts)
    const missing = rows
      .filter(
        ({ field, control }) =>
          field.required && control.value.trim() === '' && field.default == null,
      )
      .map(({ field }) => ({ field: field.name, message: t('fieldRequired') }))
    if (missing.length) return showErrors(parts, missing, '')
    const data = readFields(rows)
    if (app.isOauth) return signIn(attempt, data, parts)
    // The button keeps its width while it says "Checking with…", so the row does not jump.
    submit.style.minWidth = submit.offsetWidth + 'px'
    submit.disabled = true
    form.setAttribute('aria-busy', 'true')
    submitText.textContent = t('submitting', { app: app.name })
    const call = reconnecting
      ? reconnectCredential(reconnecting.credentialId, { data })
      : createCredential({ app: app.app, data })
    call.then(
      (connected) =>
        done({ credentialId: connected.credentialId, app: connected.app, reused: false }, app),
      (error: unknown) => {
        submit.disabled = false
        form.removeAttribute('aria-busy')
        submitText.textContent = t('submitKey')
        showErrors(parts, problemsOf(error), errorMessage(error, app))
      },
    )
  })
  return form
}
