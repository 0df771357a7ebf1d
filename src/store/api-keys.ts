import type { DB } from './database.js'
import type { ApiKeyTable } from './schema.js'

export async function insertApiKey(db: DB, row: ApiKeyTable): Promise<void> {
  await db.insertInto('apiKey').values(row).execute()
}

/** The hot path of every /v1 request: one unique-index read. */
export async function findApiKeyByHash(
  db: DB,
  hash: string,
): Promise<Pick<ApiKeyTable, 'workspaceId' | 'hash' | 'revokedAt' | 'prefix'> | null> {
  return (
    (await db
      .selectFrom('apiKey')
      .select(['workspaceId', 'hash', 'revokedAt', 'prefix'])
      .where('hash', '=', hash)
      .executeTakeFirst()) ?? null
  )
}

export async function revokeApiKey(db: DB, prefix: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('apiKey')
    .set({ revokedAt: now })
    .where('prefix', '=', prefix)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
