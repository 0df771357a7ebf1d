// Settings → Team (admins only): the console's people, each with their role (changed in place, PATCH
// /v1/console-users/{id}), a new sign-in link and removal; and the form that adds a person. Your own row has no
// controls: another admin changes your role, and the workspace's last admin is refused by the server anyway.
import { del, describeError, patch, post } from '../api.js'
import { confirmDialog } from '../dialog.js'
import { h, notice, table } from '../dom.js'
import { when } from '../format.js'
import type { PageContext } from '../router.js'
import type { ConsoleUser, Role } from '../types.js'
import { secretOnce } from './secret-once.js'
import { field } from './shared.js'

const ROLES: [Role, string][] = [
  ['support', 'support — read, check, send links'],
  ['admin', 'admin — everything'],
]

type Say = ReturnType<typeof notice>['say']

function roleSelect(current: Role, label?: string): HTMLSelectElement {
  return h(
    'select',
    { name: 'role', 'aria-label': label },
    ROLES.map(([value, text]) => h('option', { value, selected: value === current }, text)),
  )
}

/** The role of another person, changed as soon as it is picked; a refusal (the last admin) puts it back. */
function roleControl(user: ConsoleUser, say: Say): HTMLSelectElement {
  const select = roleSelect(user.role, `Role of ${user.email}`)
  select.addEventListener('change', async () => {
    const role = select.value as Role
    select.disabled = true
    try {
      const changed = await patch<ConsoleUser>(`/v1/console-users/${user.id}`, { role })
      user.role = changed.role
      say(`${user.email} is now ${changed.role}.`)
    } catch (error) {
      select.value = user.role
      say(describeError(error), 'error')
    } finally {
      select.disabled = false
    }
  })
  return select
}

function userActions(
  context: PageContext,
  user: ConsoleUser,
  show: (link: HTMLElement) => void,
  say: Say,
) {
  return h(
    'div',
    { class: 'button-row' },
    h(
      'button',
      {
        type: 'button',
        class: 'button small quiet',
        'aria-label': `New link for ${user.email}`,
        onclick: async () => {
          try {
            const { signInUrl } = await post<{ signInUrl: string }>(
              `/v1/console-users/${user.id}/sign-in-link`,
            )
            show(secretOnce(`Sign-in link for ${user.email}`, signInUrl))
          } catch (error) {
            say(describeError(error), 'error')
          }
        },
      },
      'New link',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button small danger',
        'aria-label': `Remove ${user.email}`,
        onclick: async () => {
          const sure = await confirmDialog({
            title: `Remove ${user.email}?`,
            body: 'They are signed out everywhere and can no longer sign in.',
            confirm: 'Remove',
          })
          if (!sure) return
          try {
            await del(`/v1/console-users/${user.id}`)
            context.refresh()
          } catch (error) {
            say(describeError(error), 'error')
          }
        },
      },
      'Remove…',
    ),
  )
}

export function teamSection(context: PageContext, users: ConsoleUser[]): HTMLElement {
  const status = notice()
  const output = h('div')
  const show = (link: HTMLElement) => output.replaceChildren(link)
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off' })
  const role = roleSelect('support')
  const rows = users.map((user) => {
    const you = user.id === context.session.user.id
    if (user.disabled)
      return [
        user.email,
        user.role,
        when(user.lastSignInAt, 'never'),
        h('span', { class: 'muted' }, 'removed'),
      ]
    return [
      user.email,
      you ? user.role : roleControl(user, status.say),
      when(user.lastSignInAt, 'never'),
      you ? h('span', { class: 'muted' }, 'you') : userActions(context, user, show, status.say),
    ]
  })
  return h(
    'section',
    { 'aria-labelledby': 'team-title' },
    h('h2', { id: 'team-title' }, 'Team'),
    table('Console users', ['Email', 'Role', 'Last sign-in', ''], rows, 'No console users.'),
    h(
      'form',
      {
        class: 'stack',
        'aria-labelledby': 'invite-title',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          try {
            const created = await post<{ consoleUser: ConsoleUser; signInUrl: string }>(
              '/v1/console-users',
              { email: email.value.trim(), role: role.value as Role },
            )
            status.say(`${created.consoleUser.email} added as ${created.consoleUser.role}.`)
            show(secretOnce(`Sign-in link for ${created.consoleUser.email}`, created.signInUrl))
            email.value = ''
          } catch (error) {
            status.say(describeError(error), 'error')
          }
        },
      },
      h('h3', { id: 'invite-title' }, 'Add a person'),
      field('Email', email),
      field('Role', role),
      h(
        'div',
        null,
        h('button', { type: 'submit', class: 'button' }, 'Add and create a sign-in link'),
      ),
      status.element,
      output,
    ),
  )
}
