// Events: the workspace's event feed (GET /v1/events), oldest first from a cursor, filterable by type.
import { get, query } from '../api.js'
import { h, table } from '../dom.js'
import { absolute } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { EventView, Page } from '../types.js'
import { field, filterForm } from './shared.js'

const SUBJECTS = ['credentialId', 'userId', 'app'] as const

export async function renderEvents(context: PageContext): Promise<Rendered> {
  const type = context.query.get('type') ?? ''
  const page = await get<Page<EventView>>(
    `/v1/events${query({ type: type || null, after: context.query.get('after'), limit: 50 })}`,
  )
  const input = h('input', { name: 'type', value: type, autocomplete: 'off', spellcheck: 'false' })
  const last = page.data[page.data.length - 1]
  const next = new URLSearchParams(context.query)
  if (last) next.set('after', last.id)
  return {
    title: 'Events',
    body: [
      h('h1', null, 'Events'),
      filterForm({
        label: 'Filter events',
        fields: [field('Event type', input, 'e.g. credential.expired')],
        submit: 'Filter',
        onSubmit: () => context.navigate(`/console/events${query({ type: input.value.trim() })}`),
      }),
      table(
        'Events',
        ['When', 'Type', 'Subject'],
        page.data.map((event) => {
          const credentialId = event.data.credentialId
          return [
            absolute(event.createdAt),
            h('code', null, event.type),
            typeof credentialId === 'string'
              ? h('a', { href: `/console/credentials/${credentialId}` }, credentialId)
              : (SUBJECTS.map((key) => event.data[key]).find((v) => typeof v === 'string') ?? '—'),
          ]
        }),
        'No events.',
      ),
      page.data.length === 50
        ? h('p', { class: 'pager' }, h('a', { href: `/console/events?${next}` }, 'Later events'))
        : null,
    ],
  }
}
