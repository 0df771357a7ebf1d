import type { Kysely, Migration } from 'kysely'

// The console's people: console users per workspace, their one-time sign-in links and their sessions. Links and
// sessions are stored as the SHA-256 of their 256-bit token (the primary key), never the token. A removed console
// user keeps its row (disabled_at set) so audit rows that name `console:cu_…` can still be told apart.
// api_key.last_used_at: when a key last authenticated, to the minute (GET /v1/api-keys shows it).
export const consoleUsers: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('console_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'text')
      .addColumn('disabled_at', 'text')
      .execute()
    await db.schema
      .createIndex('console_user_email')
      .on('console_user')
      .columns(['workspace_id', 'email'])
      .unique()
      .execute()
    await db.schema
      .createTable('console_sign_in_link')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('console_user_id', 'text', (c) =>
        c.notNull().references('console_user.id').onDelete('cascade'),
      )
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute()
    await db.schema
      .createIndex('console_sign_in_link_user')
      .on('console_sign_in_link')
      .column('console_user_id')
      .execute()
    await db.schema
      .createTable('console_session')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('console_user_id', 'text', (c) =>
        c.notNull().references('console_user.id').onDelete('cascade'),
      )
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('console_session_user')
      .on('console_session')
      .column('console_user_id')
      .execute()
    await db.schema.alterTable('api_key').addColumn('last_used_at', 'text').execute()
  },
}
