// One flush of the activity log (secret-read audit rows and lastUsedAt), in one transaction, written the way each
// driver is fastest. Building a 500-row insert with Kysely cost more CPU per read than the read itself at a few
// thousand reads a second (bench profile), so neither path goes through Kysely's query builder:
// - PostgreSQL: one statement per table whatever the batch size, the rows travelling as a single JSON parameter
//   (one round trip each);
// - SQLite: one prepared statement run per row inside one transaction. better-sqlite3 runs in the event loop, so
//   the flush blocks it; row by row costs half of what `json_each` did (7 against 13 µs a row into a 500k-row
//   audit table).
import { sql } from 'kysely'
import type SQLite from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { DB } from './database.js'
import type { AuditLogTable, Database } from './schema.js'

/** Writes the audit rows and moves `lastUsedAt` of `touchedIds` to `usedAt`, all or nothing. */
export type WriteActivity = (
  rows: readonly AuditLogTable[],
  touchedIds: readonly string[],
  usedAt: string,
) => Promise<void>

const AUDIT_COLUMNS = `"id", "workspace_id", "actor", "action", "target", "request_id", "created_at", "user_id", "detail"`

export function postgresActivityWriter(db: DB): WriteActivity {
  return (rows, touchedIds, usedAt) =>
    db.transaction().execute(async (trx) => {
      if (rows.length > 0)
        await sql`
          insert into "audit_log" (${sql.raw(AUDIT_COLUMNS)})
          select "id", "workspaceId", "actor", "action", "target", "requestId", "createdAt", "userId", "detail"
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("id" text, "workspaceId" text,
               "actor" text, "action" text, "target" text, "requestId" text, "createdAt" text,
               "userId" text, "detail" text)`.execute(trx)
      if (touchedIds.length > 0) await touchCredentialBatch(trx, 'postgres', touchedIds, usedAt)
    })
}

/**
 * `db` is Kysely over `sqlite`: the flush holds Kysely's connection (its lock on the one SQLite connection) while
 * it runs, so it never lands inside a transaction Kysely has open.
 */
export function sqliteActivityWriter(db: Kysely<Database>, sqlite: SQLite.Database): WriteActivity {
  let write: ReturnType<typeof prepare> | null = null
  // Prepared on first use: at open time the migrations may not have created the tables yet.
  const prepare = () => {
    const insert = sqlite.prepare(
      `insert into "audit_log" (${AUDIT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const touch = sqlite.prepare(`update "credential" set "last_used_at" = ? where "id" = ?`)
    return sqlite.transaction(
      (rows: readonly AuditLogTable[], ids: readonly string[], usedAt: string) => {
        for (const r of rows)
          insert.run(
            r.id,
            r.workspaceId,
            r.actor,
            r.action,
            r.target,
            r.requestId,
            r.createdAt,
            r.userId,
            r.detail,
          )
        for (const id of ids) touch.run(usedAt, id)
      },
    )
  }
  return (rows, touchedIds, usedAt) =>
    db.connection().execute(async () => {
      write ??= prepare()
      write.immediate(rows, touchedIds, usedAt)
    })
}

const TOUCH_CREDENTIALS = {
  sqlite: (ids: string, usedAt: string) => sql`
    update "credential" set "last_used_at" = ${usedAt} where "id" in (select value from json_each(${ids}))`,
  postgres: (ids: string, usedAt: string) => sql`
    update "credential" set "last_used_at" = ${usedAt}
    where "id" in (select jsonb_array_elements_text(${ids}::jsonb))`,
}

/** Moves `lastUsedAt` of many credentials in one statement, inside the caller's transaction if `db` is one. */
export async function touchCredentialBatch(
  db: DB,
  dialect: 'sqlite' | 'postgres',
  ids: readonly string[],
  usedAt: string,
): Promise<void> {
  if (ids.length > 0) await TOUCH_CREDENTIALS[dialect](JSON.stringify(ids), usedAt).execute(db)
}
