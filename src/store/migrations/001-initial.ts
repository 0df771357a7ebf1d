import type { Kysely, Migration } from 'kysely'

// Portable DDL only: text, integer, bigint; ISO timestamps as text. Runs unchanged on SQLite and PostgreSQL.
// Migrations run through the CamelCasePlugin-less raw connection, so names here are snake_case.
export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('workspace')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('api_key')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('prefix', 'text', (c) => c.notNull().unique())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute()

    await db.schema
      .createTable('end_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('full_name', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('end_user_workspace_username', ['workspace_id', 'username'])
      .execute()
    await db.schema
      .createIndex('end_user_workspace_id')
      .on('end_user')
      .columns(['workspace_id', 'id'])
      .execute()

    await db.schema
      .createTable('oauth_client')
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('oauth_client_pk', ['workspace_id', 'app'])
      .execute()

    await db.schema
      .createTable('credential')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) =>
        c.notNull().references('end_user.id').onDelete('cascade'),
      )
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('refresh_expires_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('last_refreshed_at', 'text')
      .addColumn('last_checked_at', 'text')
      .addColumn('next_check_at', 'text')
      .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failing_since', 'text')
      .addColumn('expired_reason', 'text')
      .addColumn('expired_at', 'text')
      .addColumn('expiring_notified_at', 'text')
      .execute()
    await db.schema
      .createIndex('credential_user_app')
      .on('credential')
      .columns(['workspace_id', 'user_id', 'app'])
      .execute()
    await db.schema
      .createIndex('credential_status_expires')
      .on('credential')
      .columns(['status', 'expires_at'])
      .execute()
    await db.schema
      .createIndex('credential_next_check')
      .on('credential')
      .columns(['status', 'next_check_at'])
      .execute()

    await db.schema
      .createTable('connect_token')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) =>
        c.notNull().references('end_user.id').onDelete('cascade'),
      )
      .addColumn('apps', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('connect_token_expires')
      .on('connect_token')
      .column('expires_at')
      .execute()

    await db.schema
      .createTable('oauth_flow')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) =>
        c.notNull().references('end_user.id').onDelete('cascade'),
      )
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('credential_id', 'text')
      .addColumn('verifier_sealed', 'text')
      .addColumn('browser_hash', 'text', (c) => c.notNull())
      .addColumn('fields', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('oauth_flow_expires')
      .on('oauth_flow')
      .column('expires_at')
      .execute()

    await db.schema
      .createTable('webhook_endpoint')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text')
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('previous_secret_sealed', 'text')
      .addColumn('previous_secret_expires_at', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('disabled_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('webhook_endpoint_workspace')
      .on('webhook_endpoint')
      .column('workspace_id')
      .execute()

    await db.schema
      .createTable('event')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('event_workspace_id')
      .on('event')
      .columns(['workspace_id', 'id'])
      .execute()

    await db.schema
      .createTable('webhook_delivery')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('endpoint_id', 'text', (c) =>
        c.notNull().references('webhook_endpoint.id').onDelete('cascade'),
      )
      .addColumn('event_id', 'text', (c) => c.notNull().references('event.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('webhook_delivery_due')
      .on('webhook_delivery')
      .columns(['status', 'next_attempt_at'])
      .execute()
    await db.schema
      .createIndex('webhook_delivery_endpoint')
      .on('webhook_delivery')
      .columns(['endpoint_id', 'id'])
      .execute()

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('audit_log_workspace')
      .on('audit_log')
      .columns(['workspace_id', 'id'])
      .execute()

    await db.schema
      .createTable('encryption_key')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('canary_sealed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'text')
      .execute()
  },
}
