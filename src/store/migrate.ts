import { Migrator, sql, type MigrationProvider } from 'kysely'
import type { Store } from './database.js'
import { migrations } from './migrations/index.js'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Applies pending migrations. Safe to call from several nodes at once: Kysely takes a migration lock. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which; name ours (the search_path's
  // first), or another schema's tables in the same database would be mistaken for ours.
  const migrationTableSchema =
    store.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]
          ?.schema
      : undefined
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw new Error('database migration failed', { cause: error })
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
