import type { Kysely, Migration } from 'kysely'

// Idempotency-Key on creates: the first answer to a key is kept (sealed) for 24 hours and replayed to retries.
export const idempotencyKeys: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('idempotency_key')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response_sealed', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('idempotency_key_expires')
      .on('idempotency_key')
      .columns(['expires_at'])
      .execute()
  },
}
