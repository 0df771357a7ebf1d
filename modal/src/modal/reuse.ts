// The user has this app already: reuse the connection, update it, or (allowMultiple) choose among several or add
// another.
import type { SessionCredential } from '../connect-api-types.js'
import { authenticate } from './authenticate.js'
import { button, h, setMark, show } from './dom.js'
import { t } from './i18n.js'
import { page } from './page.js'
import { backButton } from './picker.js'
import { done, type AppIdentity } from './result.js'
import { state } from './state.js'

/** How one connection is told apart from another: its public values (shop, account), else the app's name. */
function accountLabel(app: AppIdentity, credential: SessionCredential): string {
  let name = credential.name || ''
  // "Shopify – mystore" under a Shopify heading says "mystore".
  if (name.startsWith(app.name + ' – ')) name = name.slice(app.name.length + 3)
  if (name && name !== app.name) return name
  const values = Object.values(credential.metadata ?? {}).filter(
    (value): value is string => typeof value === 'string' && value !== '',
  )
  return values.slice(0, 2).join(' · ') || app.name
}

function connectedOn(credential: SessionCredential): string {
  const date = new Date(credential.createdAt)
  if (isNaN(date.getTime())) return ''
  return t('connectedOn', {
    date: new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium' }).format(date),
  })
}

function reused(app: AppIdentity, credential: SessionCredential): void {
  done({ credentialId: credential.credentialId, app: credential.app, reused: true }, app)
}

export function reuse(app: AppIdentity, existing: SessionCredential[]): void {
  setMark(app.mark)
  const only = existing[0]
  if (!state.options.allowMultiple && only) return reuseOne(app, only)
  const choices = h('ul', { class: 'kp-choices', 'aria-label': t('reuseTitle') })
  for (const credential of existing)
    choices.append(
      h(
        'li',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'kp-choice',
            'data-credential': credential.credentialId,
            onclick: () => reused(app, credential),
          },
          h('img', { src: app.mark, alt: '', width: 32, height: 32, class: 'kp-mark' }),
          h(
            'span',
            { class: 'kp-choice-text' },
            h('strong', { text: accountLabel(app, credential) }),
            h('span', { class: 'kp-muted', text: connectedOn(credential) }),
          ),
        ),
      ),
    )
  show(
    t('reuseTitle'),
    h('p', { text: t('reuseMany', { app: app.name, count: existing.length }) }),
    choices,
    h(
      'div',
      { class: 'kp-actions' },
      button(t('reuseAnother'), () => authenticate(app.app, null)),
      backButton(),
    ),
  )
}

function reuseOne(app: AppIdentity, only: SessionCredential): void {
  show(
    t('reuseTitle'),
    h('p', { text: t('reuseOne', { app: app.name }) }),
    h(
      'div',
      { class: 'kp-account' },
      h('strong', { text: accountLabel(app, only) }),
      h('span', { class: 'kp-muted', text: connectedOn(only) }),
    ),
    h(
      'div',
      { class: 'kp-actions' },
      button(t('reuseUse'), () => reused(app, only), { primary: true, autofocus: true }),
      button(t('reuseUpdate'), () => authenticate(app.app, only)),
      backButton(),
    ),
  )
}
