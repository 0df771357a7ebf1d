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
