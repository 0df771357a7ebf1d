import type { Kysely, Migration } from 'kysely'

// A credential's timeline (GET /v1/credentials/{id}/events) reads its events by credential: the id moves from
// inside the JSON data to a column of its own with an index. Rows written before are filled in from their data,
// a thousand at a time (the same code on both databases).
export const eventCredential: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('event').addColumn('credential_id', 'text').execute()
    let after = ''
    for (;;) {
      const rows: { id: string; data: string }[] = await db
        .selectFrom('event')
        .select(['id', 'data'])
        .where('id', '>', after)
        .where('type', 'like', 'credential.%')
        .orderBy('id')
        .limit(1000)
        .execute()
      if (rows.length === 0) break
      for (const row of rows) {
        const credentialId = (JSON.parse(row.data) as { credentialId?: unknown }).credentialId
        if (typeof credentialId === 'string')
          await db
            .updateTable('event')
            .set({ credential_id: credentialId })
            .where('id', '=', row.id)
            .execute()
      }
      after = rows.at(-1)!.id
    }
    await db.schema
      .createIndex('event_workspace_credential')
      .on('event')
      .columns(['workspace_id', 'credential_id', 'id'])
      .execute()
  },
}
