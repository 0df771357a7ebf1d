import type { Kysely, Migration } from 'kysely'

// Agent tokens (at_…): a platform mints one for one user so an AI agent can act for that user through /mcp. Stored
// as a SHA-256 like connect tokens; revoked by setting revoked_at (kept, so audit rows can still name the token's
// label), deleted by the worker some time after they expire.
export const agentTokens: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('agent_token')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) =>
        c.notNull().references('end_user.id').onDelete('cascade'),
      )
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('apps', 'text')
      .addColumn('methods', 'text')
      .addColumn('label', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute()
    await db.schema
      .createIndex('agent_token_user')
      .on('agent_token')
      .columns(['workspace_id', 'user_id'])
      .execute()
    await db.schema
      .createIndex('agent_token_expires')
      .on('agent_token')
      .column('expires_at')
      .execute()
  },
}
