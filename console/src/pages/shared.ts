// Pieces several pages show the same way.
import { h, table, badge, type Child } from '../dom.js'
import { expiryReasonText, when } from '../format.js'
import type { CredentialView } from '../types.js'

export function credentialLink(credential: CredentialView): HTMLElement {
  return h('a', { href: `/console/credentials/${credential.credentialId}` }, credential.name)
}

/** A table of credentials: status, last used and expiry, each linking to its detail page. */
export function credentialTable(
  caption: string,
  credentials: CredentialView[],
  options: { withUser?: boolean; empty?: string } = {},
): HTMLElement {
  const headers = [
    'Credential',
    'App',
    ...(options.withUser ? ['User'] : []),
    'Status',
    'Last used',
    'Expires',
  ]
  return table(
    caption,
    headers,
    credentials.map((credential) => [
      credentialLink(credential),
      credential.app,
      ...(options.withUser
        ? [h('a', { href: `/console/users/${credential.userId}` }, credential.userId)]
        : []),
      credential.status === 'expired' ? expiredStatus(credential) : badge(credential.status),
      when(credential.lastUsedAt, 'never'),
      when(credential.expiresAt, 'no known end'),
    ]),
    options.empty ?? 'No credentials.',
  )
}

/** An expired credential's status: the badge, then why and when on a line of its own (the meaning as a tooltip). */
function expiredStatus(credential: CredentialView): Child {
  return [
    badge(credential.status),
    h(
      'span',
      { class: 'cell-note muted', title: expiryReasonText(credential.expiryReason) },
      credential.expiryReason ? `${credential.expiryReason.replace(/_/g, ' ')} ` : null,
      when(credential.expiredAt, ''),
    ),
  ]
}

/** "Next page" for cursor-paged lists: the same page with the cursor in its query. */
export function nextPageLink(cursor: string | null, current: URLSearchParams): HTMLElement | null {
  if (!cursor) return null
  const next = new URLSearchParams(current)
  next.set('cursor', cursor)
  return h('p', { class: 'pager' }, h('a', { href: `${location.pathname}?${next}` }, 'Next page'))
}

/** One labelled form row. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`
  control.id = id
  const hintId = hint ? `${id}-hint` : null
  if (hintId) control.setAttribute('aria-describedby', hintId)
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  )
}

/** A search or filter form (a search landmark): its fields, one submit button, and what submitting does. */
export function filterForm(options: {
  label: string
  fields: HTMLElement[]
  submit: string
  onSubmit(): void
}): HTMLFormElement {
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': options.label,
      onsubmit: (event: Event) => {
        event.preventDefault()
        options.onSubmit()
      },
    },
    options.fields,
    h('button', { type: 'submit', class: 'button' }, options.submit),
  )
}
