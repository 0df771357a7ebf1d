// Users: search by username or email prefix (GET /v1/users?search=), each linking to their credentials.
import { get, query } from '../api.js'
import { h, table } from '../dom.js'
import { when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { Page, UserView } from '../types.js'
import { field, filterForm, nextPageLink } from './shared.js'

export async function renderUsers(context: PageContext): Promise<Rendered> {
  const search = context.query.get('search') ?? ''
  const page = await get<Page<UserView>>(
    `/v1/users${query({ search: search || null, cursor: context.query.get('cursor'), limit: 50 })}`,
  )
  const input = h('input', {
    type: 'search',
    name: 'search',
    value: search,
    autocomplete: 'off',
    spellcheck: 'false',
  })
  return {
    title: search ? `Users matching “${search}”` : 'Users',
    body: [
      h('h1', null, 'Users'),
      filterForm({
        label: 'Find users',
        fields: [field('Search users', input, 'the start of a username or email, in any case')],
        submit: 'Search',
        onSubmit: () => context.navigate(`/console/users${query({ search: input.value.trim() })}`),
      }),
      table(
        search ? `Users matching ${search}` : 'Users',
        ['Username', 'Email', 'Name', 'Created'],
        page.data.map((user) => [
          h('a', { href: `/console/users/${user.userId}` }, user.username),
          user.email ?? '—',
          user.fullName ?? '—',
          when(user.createdAt),
        ]),
        search ? `No user’s username or email starts with “${search}”.` : 'No users yet.',
      ),
      nextPageLink(page.nextCursor, context.query),
    ],
  }
}
