import type { Kysely, Migration } from 'kysely'

// The audit API filters by user (`GET /v1/audit?userId=`) and shows what a proxied call or an agent did: each row
// carries the user it concerns and a small JSON detail (method, path without query, status, duration; never a
// header, body or secret). Listing by credential or by user walks these indexes newest first.
export const auditUserDetail: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('audit_log').addColumn('user_id', 'text').execute()
    await db.schema.alterTable('audit_log').addColumn('detail', 'text').execute()
    await db.schema
      .createIndex('audit_log_workspace_target')
      .on('audit_log')
      .columns(['workspace_id', 'target', 'id'])
      .execute()
    await db.schema
      .createIndex('audit_log_workspace_user')
      .on('audit_log')
      .columns(['workspace_id', 'user_id', 'id'])
      .execute()
  },
}
