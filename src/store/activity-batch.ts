// One flush of the activity log (secret-read audit rows and lastUsedAt): one statement per table whatever the batch
// size, the rows travelling as a single JSON parameter. Building a 500-row insert with Kysely cost more CPU per read
// than the read itself at a few thousand reads a second (bench profile); this SQL is fixed text, prepared once.
import { sql } from 'kysely'
import type { DB, Store } from './database.js'
import type { AuditLogTable } from './schema.js'

type Dialect = Store['dialect']

const INSERT_AUDIT = {
  sqlite: (rows: string) => sql`
    insert into "audit_log" ("id", "workspace_id", "actor", "action", "target", "request_id", "created_at")
    select value ->> 'id', value ->> 'workspaceId', value ->> 'actor', value ->> 'action', value ->> 'target',
           value ->> 'requestId', value ->> 'createdAt'
    from json_each(${rows})`,
  postgres: (rows: string) => sql`
    insert into "audit_log" ("id", "workspace_id", "actor", "action", "target", "request_id", "created_at")
    select "id", "workspaceId", "actor", "action", "target", "requestId", "createdAt"
    from jsonb_to_recordset(${rows}::jsonb) as r("id" text, "workspaceId" text, "actor" text, "action" text,
         "target" text, "requestId" text, "createdAt" text)`,
}

const TOUCH_CREDENTIALS = {
  sqlite: (ids: string, usedAt: string) => sql`
    update "credential" set "last_used_at" = ${usedAt} where "id" in (select value from json_each(${ids}))`,
  postgres: (ids: string, usedAt: string) => sql`
    update "credential" set "last_used_at" = ${usedAt}
    where "id" in (select jsonb_array_elements_text(${ids}::jsonb))`,
}

export async function insertAuditBatch(
  db: DB,
  dialect: Dialect,
  rows: readonly AuditLogTable[],
): Promise<void> {
  if (rows.length > 0) await INSERT_AUDIT[dialect](JSON.stringify(rows)).execute(db)
}

export async function touchCredentialBatch(
  db: DB,
  dialect: Dialect,
  ids: readonly string[],
  usedAt: string,
): Promise<void> {
  if (ids.length > 0) await TOUCH_CREDENTIALS[dialect](JSON.stringify(ids), usedAt).execute(db)
}
