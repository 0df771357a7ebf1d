import type { DB } from './database.js'
import type { ConnectTokenTable } from './schema.js'

export type ConnectTokenRow = ConnectTokenTable

export async function insertConnectToken(db: DB, row: ConnectTokenTable): Promise<void> {
  await db.insertInto('connectToken').values(row).execute()
}

/** One primary-key read by the token's SHA-256; the caller checks expiry. */
export async function findConnectTokenByHash(
  db: DB,
  hash: string,
): Promise<ConnectTokenRow | null> {
  return (
    (await db.selectFrom('connectToken').selectAll().where('hash', '=', hash).executeTakeFirst()) ??
    null
  )
}

/** Housekeeping: expired tokens are useless; the expires_at index makes this cheap. */
export async function deleteExpiredConnectTokens(db: DB, now: string): Promise<number> {
  const result = await db
    .deleteFrom('connectToken')
    .where('expiresAt', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
