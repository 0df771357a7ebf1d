// Settings: the modal's allowed framing origins (admins change them), the console's people (team.ts: admins invite
// them, change their role and remove them), the workspace's API keys by prefix (admins), and signing out of every
// session.
import { del, describeError, get, patch, post } from '../api.js'
import { confirmDialog } from '../dialog.js'
import { h, notice, replaceChildren, table } from '../dom.js'
import { when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { ApiKeyView, ConsoleUser } from '../types.js'
import { secretOnce } from './secret-once.js'
import { field } from './shared.js'
import { teamSection } from './team.js'

interface Settings {
  modalFrameAncestors: string[] | null
}

function framingSection(context: PageContext, settings: Settings): HTMLElement {
  const status = notice()
  const current = settings.modalFrameAncestors
  const described =
    current === null
      ? 'Any origin may frame the modal.'
      : current.length
        ? null
        : 'No origin may frame the modal.'
  if (!context.isAdmin)
    return h(
      'section',
      { 'aria-labelledby': 'framing-title' },
      h('h2', { id: 'framing-title' }, 'Modal framing'),
      described
        ? h('p', null, described)
        : h(
            'ul',
            null,
            current!.map((origin) => h('li', null, h('code', null, origin))),
          ),
      h('p', { class: 'hint' }, 'Changing settings needs the admin role.'),
    )
  const origins = h('textarea', { name: 'origins', rows: 4, spellcheck: 'false' })
  origins.value = (current ?? []).join('\n')
  const anyOrigin = h('input', { type: 'checkbox', id: 'any-origin', checked: current === null })
  return h(
    'section',
    { 'aria-labelledby': 'framing-title' },
    h('h2', { id: 'framing-title' }, 'Modal framing'),
    h(
      'form',
      {
        class: 'stack',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          const list = origins.value.split(/\s+/).filter(Boolean)
          try {
            await patch('/v1/settings', { modalFrameAncestors: anyOrigin.checked ? null : list })
            status.say('Saved.')
          } catch (error) {
            status.say(describeError(error), 'error')
          }
        },
      },
      h(
        'div',
        { class: 'field check' },
        anyOrigin,
        h('label', { for: 'any-origin' }, 'Any origin may frame the modal'),
      ),
      field(
        'Allowed origins',
        origins,
        'one per line: https://app.example.com; ignored while any origin is allowed',
      ),
      h('div', null, h('button', { type: 'submit', class: 'button' }, 'Save')),
      status.element,
    ),
  )
}

function apiKeySection(context: PageContext, keys: ApiKeyView[]): HTMLElement {
  const status = notice()
  const output = h('div')
  const revoke = (prefix: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button small danger',
        'aria-label': `Revoke ${prefix}`,
        onclick: async () => {
          const sure = await confirmDialog({
            title: `Revoke ${prefix}…?`,
            body: 'Every caller using this key is refused within a second or two. This cannot be undone.',
            confirm: 'Revoke key',
          })
          if (!sure) return
          try {
            await del(`/v1/api-keys/${encodeURIComponent(prefix)}`)
            context.refresh()
          } catch (error) {
            status.say(describeError(error), 'error')
          }
        },
      },
      'Revoke…',
    )
  return h(
    'section',
    { 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, 'API keys'),
    h('p', null, 'Keys are shown by prefix only; a key itself is shown once, when it is created.'),
    table(
      'API keys',
      ['Prefix', 'Created', 'Last used', 'State', ''],
      keys.map((key) => [
        h('code', null, `${key.prefix}…`),
        when(key.createdAt),
        when(key.lastUsedAt, 'never'),
        key.revokedAt ? ['revoked ', when(key.revokedAt)] : 'active',
        key.revokedAt ? '' : revoke(key.prefix),
      ]),
      'No API keys.',
    ),
    h(
      'div',
      { class: 'action' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: async () => {
            try {
              const created = await post<{ apiKey: string; prefix: string }>('/v1/api-keys')
              output.replaceChildren(secretOnce(`New API key ${created.prefix}…`, created.apiKey))
              status.say('Key created.')
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        'Create an API key',
      ),
      status.element,
      output,
    ),
  )
}

function accountSection(context: PageContext): HTMLElement {
  const status = notice()
  return h(
    'section',
    { 'aria-labelledby': 'account-title' },
    h('h2', { id: 'account-title' }, 'Your account'),
    h('p', null, `Signed in as ${context.session.user.email} (${context.session.user.role}).`),
    h(
      'button',
      {
        type: 'button',
        class: 'button quiet',
        onclick: async () => {
          try {
            await post('/console/api/sign-out-everywhere')
            context.endSession('You signed out of every session.')
          } catch (error) {
            status.say(describeError(error), 'error')
          }
        },
      },
      'Sign out everywhere',
    ),
    status.element,
  )
}

export async function renderSettings(context: PageContext): Promise<Rendered> {
  const [settings, users, keys] = await Promise.all([
    get<Settings>('/v1/settings'),
    context.isAdmin ? get<{ data: ConsoleUser[] }>('/v1/console-users') : null,
    context.isAdmin ? get<{ data: ApiKeyView[] }>('/v1/api-keys') : null,
  ])
  const body = h('div')
  replaceChildren(
    body,
    framingSection(context, settings),
    users ? teamSection(context, users.data) : null,
    keys ? apiKeySection(context, keys.data) : null,
    context.isAdmin
      ? null
      : h('p', { class: 'hint' }, 'The team and API keys are shown to admins only.'),
    accountSection(context),
  )
  return { title: 'Settings', body: [h('h1', null, 'Settings'), body] }
}
