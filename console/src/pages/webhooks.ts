// Webhooks: the workspace's endpoints, and (admins) adding one, its signing secret shown once.
import { describeError, get, post } from '../api.js'
import { badge, h, notice, table } from '../dom.js'
import { when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { NewWebhook, WebhookView } from '../types.js'
import { field } from './shared.js'
import { secretOnce } from './secret-once.js'

function createForm(context: PageContext): HTMLElement {
  const status = notice()
  const output = h('div')
  const url = h('input', {
    type: 'url',
    name: 'url',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  })
  const events = h('input', { name: 'events', autocomplete: 'off', spellcheck: 'false' })
  return h(
    'form',
    {
      class: 'stack',
      'aria-labelledby': 'new-webhook',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const types = events.value.split(/[\s,]+/).filter(Boolean)
        try {
          const created = await post<NewWebhook>('/v1/webhooks', {
            url: url.value.trim(),
            ...(types.length ? { events: types } : {}),
          })
          status.say(`Endpoint ${created.webhookId} added.`)
          output.replaceChildren(
            secretOnce('Signing secret', created.secret),
            h(
              'p',
              null,
              h('a', { href: `/console/webhooks/${created.webhookId}` }, 'Open the endpoint'),
            ),
          )
        } catch (error) {
          status.say(describeError(error), 'error')
        }
      },
    },
    h('h2', { id: 'new-webhook' }, 'Add an endpoint'),
    field('URL', url, 'https:// — Keyport signs every delivery (Standard Webhooks)'),
    field('Event types', events, 'comma-separated, e.g. credential.expired; empty: every event'),
    h('div', null, h('button', { type: 'submit', class: 'button' }, 'Add endpoint')),
    status.element,
    output,
  )
}

export async function renderWebhooks(context: PageContext): Promise<Rendered> {
  const { data } = await get<{ data: WebhookView[] }>('/v1/webhooks')
  return {
    title: 'Webhooks',
    body: [
      h('h1', null, 'Webhooks'),
      table(
        'Webhook endpoints',
        ['Endpoint', 'Events', 'State', 'Updated'],
        data.map((webhook) => [
          h('a', { href: `/console/webhooks/${webhook.webhookId}` }, webhook.url),
          webhook.events?.join(', ') ?? 'every event',
          webhook.enabled
            ? badge('enabled')
            : [badge('disabled'), ' ', webhook.disabledReason ?? ''],
          when(webhook.updatedAt),
        ]),
        'No webhook endpoints yet.',
      ),
      context.isAdmin ? createForm(context) : null,
    ],
  }
}
