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

/** A workspace's keys as an operator may see them: the prefix names a key, the hash never leaves the store. */
export type ApiKeySummary = Pick<ApiKeyTable, 'prefix' | 'createdAt' | 'revokedAt'>

export async function listApiKeys(db: DB, workspaceId: string): Promise<ApiKeySummary[]> {
  return db
    .selectFrom('apiKey')
    .select(['prefix', 'createdAt', 'revokedAt'])
    .where('workspaceId', '=', workspaceId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}
