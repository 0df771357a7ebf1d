// Overview: credentials by status and app, what expires this week, and the last 24 hours' failures
// (GET /v1/summary), with the soonest-expiring credentials listed.
import { get, query } from '../api.js'
import { h, table } from '../dom.js'
import { when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { CredentialView, Page, Summary } from '../types.js'
import { credentialLink } from './shared.js'

const WEEK_MS = 7 * 86_400_000

function stat(label: string, value: number, href: string | null, tone = ''): HTMLElement {
  const number = h('span', { class: 'stat-value' }, String(value))
  return h(
    'li',
    { class: `stat ${tone}` },
    href
      ? h('a', { href }, number, h('span', { class: 'stat-label' }, label))
      : [number, h('span', { class: 'stat-label' }, label)],
  )
}

export async function renderOverview(_context: PageContext): Promise<Rendered> {
  const horizon = new Date(Date.now() + WEEK_MS).toISOString()
  const [summary, expiring] = await Promise.all([
    get<Summary>('/v1/summary'),
    get<Page<CredentialView>>(
      `/v1/credentials${query({ status: 'active', expiringBefore: horizon, limit: 20 })}`,
    ),
  ])
  const { credentials, last24Hours } = summary
  const webhookFailures = last24Hours.webhookFailures.failed + last24Hours.webhookFailures.retrying
  return {
    title: 'Overview',
    body: [
      h('h1', null, 'Overview'),
      h(
        'section',
        { 'aria-labelledby': 'credentials-title' },
        h('h2', { id: 'credentials-title' }, 'Credentials'),
        h(
          'ul',
          { class: 'stats' },
          stat('credentials', credentials.total, '/console/credentials'),
          stat('active', credentials.byStatus.active, '/console/credentials?status=active', 'ok'),
          stat(
            'expired',
            credentials.byStatus.expired,
            '/console/credentials?status=expired',
            credentials.byStatus.expired ? 'bad' : '',
          ),
          stat(
            'expiring within 7 days',
            credentials.expiringWithin7Days,
            '/console/credentials?expiring=7d',
            credentials.expiringWithin7Days ? 'warn' : '',
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'day-title' },
        h('h2', { id: 'day-title' }, 'Last 24 hours'),
        h(
          'ul',
          { class: 'stats' },
          stat(
            'expired',
            last24Hours.expired,
            '/console/credentials?status=expired',
            last24Hours.expired ? 'bad' : '',
          ),
          stat(
            'failing refreshes',
            last24Hours.refreshFailing,
            null,
            last24Hours.refreshFailing ? 'warn' : '',
          ),
          stat(
            'failing webhook deliveries',
            webhookFailures,
            '/console/webhooks',
            webhookFailures ? 'bad' : '',
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'apps-title' },
        h('h2', { id: 'apps-title' }, 'By app'),
        table(
          'Credentials by app',
          ['App', 'Active', 'Expired', 'Total'],
          credentials.byApp.map((row) => [
            h('a', { href: `/console/credentials${query({ app: row.app })}` }, row.app),
            String(row.active),
            String(row.expired),
            String(row.total),
          ]),
          'No credentials yet.',
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'expiring-title' },
        h('h2', { id: 'expiring-title' }, 'Expiring within 7 days'),
        table(
          'Credentials expiring within 7 days',
          ['Credential', 'App', 'Expires'],
          expiring.data.map((credential) => [
            credentialLink(credential),
            credential.app,
            when(credential.expiresAt),
          ]),
          'Nothing expires in the next 7 days.',
        ),
      ),
    ],
  }
}
