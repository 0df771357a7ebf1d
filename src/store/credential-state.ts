import type { DB } from './database.js'
import type { CredentialTable } from './schema.js'

// Writes that move a credential's state (expiry, refresh failures) and the reads the refresher and the checks make
// around them. Each filters by workspace; the use cases in src/credentials decide when to call them.

/**
 * The row, locked FOR UPDATE until the transaction ends (PostgreSQL only): while one node refreshes a credential,
 * another node's refresher of the same row waits here and then sees the new token.
 */
export async function findCredentialForUpdate(
  trx: DB,
  workspaceId: string,
  id: string,
): Promise<CredentialTable | null> {
  const row = await trx
    .selectFrom('credential')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return row ?? null
}

/** The sealed secret and the state a check needs, read fresh (the sweep's row carries no secret). */
export async function findCredentialSecret(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<Pick<CredentialTable, 'secretSealed' | 'status' | 'expiredReason'> | undefined> {
  return db
    .selectFrom('credential')
    .select(['secretSealed', 'status', 'expiredReason'])
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/**
 * active → expired, conditional on `status = 'active'` so that of two nodes expiring the same row at once only one
 * update matches. True when this call made the transition.
 */
export async function markCredentialExpired(
  trx: DB,
  row: Pick<CredentialTable, 'workspaceId' | 'id'>,
  change: { expiredReason: string; expiredAt: string },
): Promise<boolean> {
  const { expiredReason, expiredAt } = change
  const result = await trx
    .updateTable('credential')
    .set((eb) => ({
      status: 'expired',
      expiredReason,
      expiredAt,
      updatedAt: expiredAt,
      nextCheckAt: null,
      version: eb('version', '+', 1),
    }))
    .where('workspaceId', '=', row.workspaceId)
    .where('id', '=', row.id)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return result.numUpdatedRows !== 0n
}

/** A failed refresh's backoff, only if the row is still the version the refresher read. */
export async function recordRefreshFailure(
  db: DB,
  row: Pick<CredentialTable, 'workspaceId' | 'id' | 'version'>,
  changes: Pick<CredentialTable, 'failureCount' | 'failingSince' | 'nextCheckAt'>,
): Promise<void> {
  await db
    .updateTable('credential')
    .set(changes)
    .where('workspaceId', '=', row.workspaceId)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .execute()
}
