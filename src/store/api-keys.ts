import type { DB } from './database.js'
import type { ApiKeyTable } from './schema.js'

export async function insertApiKey(db: DB, row: ApiKeyTable): Promise<void> {
  await db.insertInto('apiKey').values(row).execute()
}

/** The hot path of every /v1 request: one unique-index read. */
export async function findApiKeyByHash(
  db: DB,
  hash: string,
): Promise<Pick<
  ApiKeyTable,
  'workspaceId' | 'hash' | 'revokedAt' | 'prefix' | 'lastUsedAt'
> | null> {
  return (
    (await db
      .selectFrom('apiKey')
      .select(['workspaceId', 'hash', 'revokedAt', 'prefix', 'lastUsedAt'])
      .where('hash', '=', hash)
      .executeTakeFirst()) ?? null
  )
}

/** Revokes the active key with this prefix; within `workspaceId` only, when given (the API's revoke). */
export async function revokeApiKey(
  db: DB,
  prefix: string,
  now: string,
  options: { workspaceId?: string } = {},
): Promise<boolean> {
  let query = db
    .updateTable('apiKey')
    .set({ revokedAt: now })
    .where('prefix', '=', prefix)
    .where('revokedAt', 'is', null)
  if (options.workspaceId !== undefined)
    query = query.where('workspaceId', '=', options.workspaceId)
  const result = await query.executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Records that the key authenticated (the authenticator calls it at most once a minute per key). */
export async function touchApiKey(db: DB, hash: string, now: string): Promise<void> {
  await db.updateTable('apiKey').set({ lastUsedAt: now }).where('hash', '=', hash).execute()
}

/** A workspace's keys as an operator may see them: the prefix names a key, the hash never leaves the store. */
export interface ApiKeySummary {
  prefix: string
  createdAt: string
  revokedAt: string | null
  lastUsedAt: string | null
}

export async function listApiKeys(db: DB, workspaceId: string): Promise<ApiKeySummary[]> {
  const rows = await db
    .selectFrom('apiKey')
    .select(['prefix', 'createdAt', 'revokedAt', 'lastUsedAt'])
    .where('workspaceId', '=', workspaceId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ ...row, lastUsedAt: row.lastUsedAt ?? null }))
}
