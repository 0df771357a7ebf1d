import type { Kysely, Migration } from 'kysely'

// Every delivery attempt is recorded (the delivery row keeps only the last result), and an endpoint remembers
// since when it has been failing, to disable it after days of failure.
export const webhookAttempts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('webhook_attempt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('delivery_id', 'text', (c) =>
        c.notNull().references('webhook_delivery.id').onDelete('cascade'),
      )
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('webhook_attempt_delivery')
      .on('webhook_attempt')
      .columns(['delivery_id', 'id'])
      .execute()
    await db.schema.alterTable('webhook_endpoint').addColumn('failing_since', 'text').execute()
    await db.schema
      .createIndex('event_workspace_type')
      .on('event')
      .columns(['workspace_id', 'type', 'id'])
      .execute()
    await db.schema
      .createIndex('webhook_delivery_event')
      .on('webhook_delivery')
      .column('event_id')
      .execute()
  },
}
