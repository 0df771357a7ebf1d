import { findAuditRows, listCredentialEvents } from '../store/index.js'
import type { CredentialDeps } from './deps.js'
import { requireCredential } from './manage.js'

/** One entry of a credential's history: an event it caused, or an action recorded in the audit log. */
export interface TimelineEntry {
  at: string
  kind: 'event' | 'audit'
  /** The event type (`credential.expired`) or the audit action (`credential.check`, `credential.proxy`). */
  type: string
  /** The event id (`evt_…`) or the audit row id (`aud_…`). */
  id: string
  /** Who acted (audit rows): API key, connect token, agent token, worker. */
  actor: string | null
  /** The event's data or the audit row's detail; never a secret. */
  data: Record<string, unknown> | null
}

const LIMIT = 500

/** GET /v1/credentials/{id}/events: what happened to a credential, oldest first (the last 500 of each kind). */
export async function getCredentialTimeline(
  deps: Pick<CredentialDeps, 'db'>,
  workspaceId: string,
  credentialId: string,
): Promise<TimelineEntry[]> {
  await requireCredential(deps.db, workspaceId, credentialId)
  const [events, audit] = await Promise.all([
    listCredentialEvents(deps.db, workspaceId, credentialId, LIMIT),
    findAuditRows(deps.db, workspaceId, { credentialId, limit: LIMIT - 1 }),
  ])
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({
      at: e.createdAt,
      kind: 'event' as const,
      type: e.type,
      id: e.id,
      actor: null,
      data: JSON.parse(e.data) as Record<string, unknown>,
    })),
    ...audit.map((a) => ({
      at: a.createdAt,
      kind: 'audit' as const,
      type: a.action,
      id: a.id,
      actor: a.actor,
      data: a.detail === null ? null : (JSON.parse(a.detail) as Record<string, unknown>),
    })),
  ]
  return entries.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1))
}
