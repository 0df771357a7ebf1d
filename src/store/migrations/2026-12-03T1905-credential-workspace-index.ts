import type { Kysely, Migration } from 'kysely'

// GET /v1/credentials lists a whole workspace by id (keyset pagination): without this index the primary key is
// walked across every workspace's rows and filtered.
export const credentialWorkspaceIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('credential_workspace_id')
      .on('credential')
      .columns(['workspace_id', 'id'])
      .execute()
  },
}
