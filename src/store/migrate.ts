import { Migrator, type MigrationProvider } from 'kysely'
import type { Store } from './database.js'
import { migrations } from './migrations/index.js'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Applies pending migrations. Safe to call from several nodes at once: Kysely takes a migration lock. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw new Error('database migration failed', { cause: error })
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
