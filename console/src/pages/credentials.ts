// Credentials: every credential of the workspace, filtered by status, app or what expires this week
// (GET /v1/credentials), a page at a time.
import { get, query } from '../api.js'
import { h } from '../dom.js'
import type { PageContext, Rendered } from '../router.js'
import type { CredentialView, Page } from '../types.js'
import { credentialTable, field, filterForm, nextPageLink } from './shared.js'

export async function renderCredentials(context: PageContext): Promise<Rendered> {
  const q = context.query
  const status = q.get('status') ?? ''
  const app = q.get('app') ?? ''
  const expiring = q.get('expiring') === '7d'
  const page = await get<Page<CredentialView>>(
    `/v1/credentials${query({
      status: status || null,
      app: app || null,
      expiringBefore: expiring ? new Date(Date.now() + 7 * 86_400_000).toISOString() : null,
      cursor: q.get('cursor'),
      limit: 50,
    })}`,
  )
  const statusSelect = h(
    'select',
    { name: 'status' },
    [
      ['', 'Any status'],
      ['active', 'Active'],
      ['expired', 'Expired'],
    ].map(([value, label]) => h('option', { value: value!, selected: value === status }, label!)),
  )
  const appInput = h('input', { name: 'app', value: app, autocomplete: 'off', spellcheck: 'false' })
  const expiringBox = h('input', {
    type: 'checkbox',
    id: 'expiring-box',
    name: 'expiring',
    checked: expiring,
  })
  const form = filterForm({
    label: 'Filter credentials',
    fields: [
      field('Status', statusSelect),
      field('App', appInput, 'its id, e.g. shopify'),
      h(
        'div',
        { class: 'field check' },
        expiringBox,
        h('label', { for: 'expiring-box' }, 'Expiring within 7 days'),
      ),
    ],
    submit: 'Filter',
    onSubmit: () =>
      context.navigate(
        `/console/credentials${query({
          status: statusSelect.value,
          app: appInput.value.trim(),
          expiring: expiringBox.checked ? '7d' : null,
        })}`,
      ),
  })
  return {
    title: 'Credentials',
    body: [
      h('h1', null, 'Credentials'),
      form,
      credentialTable('Credentials', page.data, {
        withUser: true,
        empty: 'No credential matches these filters.',
      }),
      nextPageLink(page.nextCursor, q),
    ],
  }
}
