// One user: who they are, their credentials (status, last used, expiry), and a connect link to send them.
import { get } from '../api.js'
import { facts, h } from '../dom.js'
import { absolute } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { CredentialView, UserView } from '../types.js'
import { connectLinkAction } from './connect-link.js'
import { credentialTable } from './shared.js'

export async function renderUser(context: PageContext): Promise<Rendered> {
  const userId = context.params.userId!
  const [user, credentials] = await Promise.all([
    get<UserView>(`/v1/users/${encodeURIComponent(userId)}`),
    get<{ data: CredentialView[] }>(`/v1/users/${encodeURIComponent(userId)}/credentials`),
  ])
  const metadata = Object.keys(user.metadata ?? {}).length
    ? h('pre', { class: 'json' }, JSON.stringify(user.metadata, null, 2))
    : '—'
  return {
    title: user.username,
    body: [
      h('p', { class: 'crumbs' }, h('a', { href: '/console/users' }, 'Users')),
      h('h1', null, user.username),
      facts([
        ['User id', h('code', null, user.userId)],
        ['Email', user.email ?? '—'],
        ['Name', user.fullName ?? '—'],
        ['Created', absolute(user.createdAt)],
        ['Metadata', metadata],
      ]),
      h(
        'section',
        { 'aria-labelledby': 'user-credentials' },
        h('h2', { id: 'user-credentials' }, 'Credentials'),
        credentialTable(`Credentials of ${user.username}`, credentials.data, {
          empty: 'This user has connected nothing yet.',
        }),
      ),
      h(
        'section',
        { 'aria-labelledby': 'user-link' },
        h('h2', { id: 'user-link' }, 'Connect link'),
        h('p', null, 'A link that opens the connect page for this user, to send by email or chat.'),
        connectLinkAction({ userId: user.userId, label: 'Create a connect link' }),
      ),
    ],
  }
}
