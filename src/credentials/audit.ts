import { findAuditRows, type AuditLogTable, type AuditQuery, type DB } from '../store/index.js'

/** One audit row as the API shows it: who did what to which target, when; never a secret. */
export interface AuditEntryView {
  auditId: string
  actor: string
  action: string
  target: string
  userId: string | null
  requestId: string | null
  detail: Record<string, unknown> | null
  createdAt: string
}

/** GET /v1/audit: the workspace's audit trail, newest first, filtered and paged by cursor. */
export async function listAuditTrail(
  deps: { db: DB },
  workspaceId: string,
  query: Omit<AuditQuery, 'beforeId'> & { cursor?: string },
): Promise<{ data: AuditEntryView[]; nextCursor: string | null }> {
  const { cursor, ...filters } = query
  const rows = await findAuditRows(deps.db, workspaceId, {
    ...filters,
    ...(cursor !== undefined ? { beforeId: cursor } : {}),
  })
  const page = rows.slice(0, query.limit)
  return {
    data: page.map(toAuditView),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  }
}

function toAuditView(row: AuditLogTable): AuditEntryView {
  return {
    auditId: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    userId: row.userId,
    requestId: row.requestId,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    createdAt: row.createdAt,
  }
}
