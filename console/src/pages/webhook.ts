// One webhook endpoint: its delivery log (status codes, errors), retrying a delivery, sending a test event, and
// (admins) rotating its secret, the new one shown once.
import { describeError, get, patch, post, query } from '../api.js'
import { badge, facts, h, notice, replaceChildren, table } from '../dom.js'
import { absolute, when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { DeliveryView, NewWebhook, Page, WebhookView } from '../types.js'
import { confirmDialog } from '../dialog.js'
import { secretOnce } from './secret-once.js'

export async function renderWebhook(context: PageContext): Promise<Rendered> {
  const id = encodeURIComponent(context.params.webhookId!)
  const filter = context.query.get('status') ?? ''
  const loadDeliveries = () =>
    get<Page<DeliveryView>>(
      `/v1/webhooks/${id}/deliveries${query({ status: filter || null, limit: 50 })}`,
    )
  const [webhook, deliveries] = await Promise.all([
    get<WebhookView>(`/v1/webhooks/${id}`),
    loadDeliveries(),
  ])
  const status = notice()
  const log = h('div')
  const secretOutput = h('div')

  const showLog = (rows: DeliveryView[]) =>
    replaceChildren(
      log,
      table(
        'Deliveries',
        ['Event', 'Status', 'Attempts', 'Last answer', 'Error', 'Last attempt', ''],
        rows.map((delivery) => [
          h('code', null, delivery.eventType),
          badge(delivery.status),
          String(delivery.attempts),
          delivery.lastStatusCode === null ? '—' : String(delivery.lastStatusCode),
          delivery.lastError ?? '—',
          when(delivery.lastAttemptAt, 'not yet'),
          delivery.status === 'failed' && context.isAdmin
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'button small',
                  'aria-label': `Retry delivery ${delivery.deliveryId}`,
                  onclick: async () => {
                    try {
                      await post(`/v1/webhooks/${id}/deliveries/${delivery.deliveryId}/retry`)
                      status.say(`Delivery ${delivery.deliveryId} queued again.`)
                      showLog((await loadDeliveries()).data)
                    } catch (error) {
                      status.say(describeError(error), 'error')
                    }
                  },
                },
                'Retry',
              )
            : '',
        ]),
        filter ? `No ${filter} deliveries.` : 'No deliveries yet.',
      ),
    )
  showLog(deliveries.data)

  const testButton = context.isAdmin
    ? h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: async () => {
            try {
              const sent = await post<{ deliveryId: string }>(`/v1/webhooks/${id}/test`)
              status.say(`Test event queued (delivery ${sent.deliveryId}).`)
              showLog((await loadDeliveries()).data)
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        'Send test event',
      )
    : null
  const toggleButton = context.isAdmin
    ? h(
        'button',
        {
          type: 'button',
          class: 'button quiet',
          onclick: async () => {
            try {
              await patch(`/v1/webhooks/${id}`, { enabled: !webhook.enabled })
              context.refresh()
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        webhook.enabled ? 'Disable endpoint' : 'Enable endpoint',
      )
    : null
  const rotateButton = context.isAdmin
    ? h(
        'button',
        {
          type: 'button',
          class: 'button quiet',
          onclick: async () => {
            const sure = await confirmDialog({
              title: 'Rotate the signing secret?',
              body: 'A new secret signs deliveries from now on; the old one is still accepted alongside it for 24 hours.',
              confirm: 'Rotate secret',
            })
            if (!sure) return
            try {
              const rotated = await post<NewWebhook>(`/v1/webhooks/${id}/rotate-secret`)
              secretOutput.replaceChildren(secretOnce('New signing secret', rotated.secret))
              status.say('Secret rotated.')
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        'Rotate secret…',
      )
    : null

  const filterLinks = h(
    'p',
    { class: 'filter-links' },
    'Show: ',
    [
      ['', 'all'],
      ['failed', 'failed'],
      ['pending', 'pending'],
      ['succeeded', 'succeeded'],
    ].map(([value, label]) =>
      h(
        'a',
        {
          href: `/console/webhooks/${webhook.webhookId}${query({ status: value })}`,
          'aria-current': value === filter ? 'true' : null,
        },
        label!,
      ),
    ),
  )

  return {
    title: webhook.url,
    body: [
      h('p', { class: 'crumbs' }, h('a', { href: '/console/webhooks' }, 'Webhooks')),
      h('h1', { class: 'break' }, webhook.url),
      facts([
        ['Endpoint id', h('code', null, webhook.webhookId)],
        ['Events', webhook.events?.join(', ') ?? 'every event'],
        [
          'State',
          webhook.enabled
            ? 'enabled'
            : `disabled${webhook.disabledReason ? `: ${webhook.disabledReason}` : ''}`,
        ],
        ['Created', absolute(webhook.createdAt)],
      ]),
      h(
        'section',
        { 'aria-labelledby': 'webhook-actions' },
        h('h2', { id: 'webhook-actions' }, 'Actions'),
        context.isAdmin
          ? h('div', { class: 'button-row' }, testButton, rotateButton, toggleButton)
          : h(
              'p',
              { class: 'hint' },
              'Sending test events, retrying and rotating the secret need the admin role.',
            ),
        status.element,
        secretOutput,
      ),
      h(
        'section',
        { 'aria-labelledby': 'deliveries-title' },
        h('h2', { id: 'deliveries-title' }, 'Delivery log'),
        filterLinks,
        log,
      ),
    ],
  }
}
