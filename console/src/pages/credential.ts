// One credential: its facts (never its secret), "check now", "send reconnect link", delete (admins, after a
// confirmation), its timeline (GET /v1/credentials/{id}/events) and audit trail (GET /v1/audit?credentialId=).
import { del, describeError, get, post, query } from '../api.js'
import { confirmDialog } from '../dialog.js'
import { badge, facts, h, notice, replaceChildren, table, type Child } from '../dom.js'
import { absolute, actorLabel, expiryReasonText, when } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type {
  AuditView,
  CheckResult,
  CredentialView,
  Page,
  TimelineEntry,
  UserView,
} from '../types.js'
import { connectLinkAction } from './connect-link.js'

function auditTable(rows: AuditView[]): HTMLElement {
  return table(
    'Audit trail',
    ['When', 'Action', 'By', 'Request'],
    rows.map((row) => [
      when(row.createdAt),
      h('code', null, row.action),
      actorLabel(row.actor),
      row.requestId ? h('code', null, row.requestId) : '—',
    ]),
    'Nothing recorded yet.',
  )
}

function timelineList(entries: TimelineEntry[]): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'empty' }, 'No events yet.')
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) =>
      h(
        'li',
        { class: `timeline-${entry.kind}` },
        absolute(entry.at),
        ' ',
        h('code', null, entry.type),
        entry.actor ? h('span', { class: 'muted' }, ` by ${actorLabel(entry.actor)}`) : null,
        typeof entry.data?.reason === 'string'
          ? h('span', { class: 'muted' }, ` — ${entry.data.reason}`)
          : null,
      ),
    ),
  )
}

/** When and why an expired credential stopped working: what the operator tells the user before a reconnect. */
function expiryFacts(credential: CredentialView): [string, Child][] {
  if (credential.status !== 'expired') return []
  return [
    ['Expired', absolute(credential.expiredAt, 'time not recorded')],
    [
      'Why',
      credential.expiryReason
        ? [
            expiryReasonText(credential.expiryReason),
            ' (',
            h('code', null, credential.expiryReason),
            ')',
          ]
        : expiryReasonText(null),
    ],
  ]
}

export async function renderCredential(context: PageContext): Promise<Rendered> {
  const id = encodeURIComponent(context.params.credentialId!)
  const loadAudit = () =>
    get<Page<AuditView>>(
      `/v1/audit${query({ credentialId: context.params.credentialId, limit: 50 })}`,
    )
  const [credential, timeline, audit] = await Promise.all([
    get<CredentialView>(`/v1/credentials/${id}`),
    get<{ data: TimelineEntry[] }>(`/v1/credentials/${id}/events`),
    loadAudit(),
  ])
  const owner = await get<UserView>(`/v1/users/${encodeURIComponent(credential.userId)}`)
  const auditSection = h('div', null, auditTable(audit.data))
  const refreshAudit = async () =>
    replaceChildren(auditSection, auditTable((await loadAudit()).data))
  const status = notice()

  const checkButton = h(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: async () => {
        checkButton.disabled = true
        try {
          const result = await post<CheckResult>(`/v1/credentials/${id}/check`)
          status.say(
            `Checked: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}. Status: ${result.status}.`,
            result.status === 'active' ? 'ok' : 'error',
          )
          await refreshAudit()
        } catch (error) {
          status.say(describeError(error), 'error')
        } finally {
          checkButton.disabled = false
        }
      },
    },
    'Check now',
  )

  const deleteButton = context.isAdmin
    ? h(
        'button',
        {
          type: 'button',
          class: 'button danger',
          onclick: async () => {
            const sure = await confirmDialog({
              title: `Delete ${credential.name}?`,
              body: `The ${credential.app} credential of ${owner.username} is deleted for good and revoked at the provider where it can be. The user will have to connect again.`,
              confirm: 'Delete credential',
            })
            if (!sure) return
            try {
              await del(`/v1/credentials/${id}`)
              context.navigate(`/console/users/${credential.userId}`)
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        'Delete…',
      )
    : null

  return {
    title: credential.name,
    body: [
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: `/console/users/${credential.userId}` }, owner.username),
      ),
      h('h1', null, credential.name, ' ', badge(credential.status)),
      facts([
        ['Credential id', h('code', null, credential.credentialId)],
        ['App', credential.app],
        ['Type', credential.type],
        ['Status', credential.status],
        ...expiryFacts(credential),
        ['Last used', when(credential.lastUsedAt, 'never')],
        ['Expires', credential.expiresAt ? absolute(credential.expiresAt) : 'no known end'],
        ['Created', absolute(credential.createdAt)],
        ['Updated', absolute(credential.updatedAt)],
        [
          'Metadata',
          Object.keys(credential.metadata).length
            ? h('pre', { class: 'json' }, JSON.stringify(credential.metadata, null, 2))
            : '—',
        ],
      ]),
      h(
        'section',
        { 'aria-labelledby': 'actions-title', class: 'actions' },
        h('h2', { id: 'actions-title' }, 'Actions'),
        h('div', { class: 'button-row' }, checkButton, deleteButton),
        status.element,
        connectLinkAction({
          userId: credential.userId,
          credentialId: credential.credentialId,
          label: 'Send reconnect link',
          onDone: () => void refreshAudit(),
        }),
        context.isAdmin
          ? null
          : h('p', { class: 'hint' }, 'Deleting a credential needs the admin role.'),
      ),
      h(
        'section',
        { 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Timeline'),
        timelineList(timeline.data),
      ),
      h(
        'section',
        { 'aria-labelledby': 'audit-title' },
        h('h2', { id: 'audit-title' }, 'Audit trail'),
        auditSection,
      ),
    ],
  }
}
