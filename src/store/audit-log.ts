import type { DB } from './database.js'
import type { AuditLogTable } from './schema.js'

export async function insertAuditRows(db: DB, rows: readonly AuditLogTable[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('auditLog')
    .values([...rows])
    .execute()
}

export async function listAuditRows(
  db: DB,
  workspaceId: string,
  target?: string,
): Promise<AuditLogTable[]> {
  let query = db.selectFrom('auditLog').selectAll().where('workspaceId', '=', workspaceId)
  if (target !== undefined) query = query.where('target', '=', target)
  return query.orderBy('id').execute()
}

export interface AuditQuery {
  /** Rows about this credential (their target). */
  credentialId?: string
  userId?: string
  action?: string
  /** Only rows written after this instant (ISO 8601). */
  after?: string
  /** Keyset cursor: rows older than this id. */
  beforeId?: string
  limit: number
}

/** Newest first by id (ids sort by time); fetches one extra row to tell whether more exist. */
export async function findAuditRows(
  db: DB,
  workspaceId: string,
  options: AuditQuery,
): Promise<AuditLogTable[]> {
  let query = db.selectFrom('auditLog').selectAll().where('workspaceId', '=', workspaceId)
  if (options.credentialId !== undefined) query = query.where('target', '=', options.credentialId)
  if (options.userId !== undefined) query = query.where('userId', '=', options.userId)
  if (options.action !== undefined) query = query.where('action', '=', options.action)
  if (options.after !== undefined) query = query.where('createdAt', '>', options.after)
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId)
  return query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute()
}
