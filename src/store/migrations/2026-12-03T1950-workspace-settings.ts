import type { Kysely, Migration } from 'kysely'

// Settings a workspace changes through the API (GET/PATCH /v1/settings), one row per workspace once it sets one.
// modal_frame_ancestors: a JSON array of origins allowed to frame the modal, or null for any origin.
export const workspaceSettings: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('workspace_setting')
      .addColumn('workspace_id', 'text', (c) =>
        c.primaryKey().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('modal_frame_ancestors', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
  },
}
