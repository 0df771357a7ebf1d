import type { Kysely, Migration } from 'kysely'

// The platform's own metadata on a user: a JSON object as text (null = none), validated by src/users before it
// gets here; filtered with json_extract (SQLite) or ::jsonb ->> (PostgreSQL) in store/users.ts.
export const userMetadata: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('end_user').addColumn('metadata', 'text').execute()
  },
}
