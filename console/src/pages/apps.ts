// Apps: the catalog, searchable, with the redirect URI an OAuth app's client must register (the same for every
// workspace of this Keyport: <public URL>/oauth/callback/<app>).
import { get, query } from '../api.js'
import { h, table } from '../dom.js'
import type { PageContext, Rendered } from '../router.js'
import type { AppView } from '../types.js'
import { field, filterForm } from './shared.js'

export async function renderApps(context: PageContext): Promise<Rendered> {
  const search = context.query.get('search') ?? ''
  const { data } = await get<{ data: AppView[] }>(`/v1/apps${query({ search: search || null })}`)
  const input = h('input', { type: 'search', name: 'search', value: search, autocomplete: 'off' })
  return {
    title: 'Apps',
    body: [
      h('h1', null, 'Apps'),
      h(
        'p',
        null,
        'API-key apps can be connected at once. An OAuth app needs your OAuth client first (',
        h('code', null, 'PUT /v1/apps/{app}/oauth-client'),
        '), registered at the provider with the redirect URI shown.',
      ),
      filterForm({
        label: 'Find apps',
        fields: [field('Search apps', input)],
        submit: 'Search',
        onSubmit: () => context.navigate(`/console/apps${query({ search: input.value.trim() })}`),
      }),
      table(
        'Apps in the catalog',
        ['App', 'Authentication', 'Redirect URI to register'],
        data.map((app) => [
          h(
            'span',
            { class: 'app-name' },
            h('img', { src: `/connect/marks/${app.app}.svg`, alt: '', width: 20, height: 20 }),
            ' ',
            h('a', { href: `/console/apps/${app.app}` }, app.name),
            ' ',
            h('code', { class: 'muted' }, app.app),
          ),
          app.isOauth ? 'OAuth' : app.authType.replace(/_/g, ' '),
          app.isOauth
            ? h('code', { class: 'break' }, `${location.origin}/oauth/callback/${app.app}`)
            : '—',
        ]),
        'No app matches.',
      ),
    ],
  }
}
