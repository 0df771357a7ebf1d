// Everything a database holds, as text, for canary scans: the SQLite file and its WAL as bytes, or every row of
// every PostgreSQL table of the suite's schema.
import { existsSync, readFileSync } from 'node:fs'
import { sql } from 'kysely'
import type { TestDatabase } from './databases.js'
import type { Harness } from './harness.js'

export async function databaseText(h: Harness, database: TestDatabase): Promise<string> {
  if (database.name === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(h.store.db)
    const { file } = (
      await sql<{
        file: string
      }>`select file from pragma_database_list where name = 'main'`.execute(h.store.db)
    ).rows[0]!
    return [file, `${file}-wal`]
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString('latin1'))
      .join('\n')
  }
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(h.store.db)
  let text = ''
  for (const { name } of tables.rows) {
    const { rows } = await sql<{
      row: string
    }>`select t::text as row from ${sql.table(name)} t`.execute(h.store.db)
    text += rows.map((r) => r.row).join('\n')
  }
  return text
}
