import type { DB } from './database.js'
import type { IdempotencyKeyTable } from './schema.js'
import type { Sealed } from '../crypto/index.js'
import { isUniqueViolation } from './database.js'

export type IdempotencyRow = IdempotencyKeyTable

/** Claims a key for a first request; false when a row for it exists already (another request got there first). */
export async function claimIdempotencyKey(db: DB, row: IdempotencyKeyTable): Promise<boolean> {
  try {
    await db.insertInto('idempotencyKey').values(row).execute()
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

export async function findIdempotencyKey(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<IdempotencyRow | null> {
  return (
    (await db
      .selectFrom('idempotencyKey')
      .selectAll()
      .where('workspaceId', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/** Stores the first answer; only the claim that is still in progress is completed. */
export async function completeIdempotencyKey(
  db: DB,
  id: string,
  answer: { statusCode: number; responseSealed: Sealed },
): Promise<void> {
  await db
    .updateTable('idempotencyKey')
    .set(answer)
    .where('id', '=', id)
    .where('statusCode', 'is', null)
    .execute()
}

/** Forgets a key: its request failed on our side, or its row is stale, so the next try runs afresh. */
export async function releaseIdempotencyKey(
  db: DB,
  id: string,
  onlyIfCreatedAt?: string,
): Promise<void> {
  let query = db.deleteFrom('idempotencyKey').where('id', '=', id)
  if (onlyIfCreatedAt !== undefined) query = query.where('createdAt', '=', onlyIfCreatedAt)
  await query.execute()
}

export async function deleteExpiredIdempotencyKeys(db: DB, now: string): Promise<void> {
  await db.deleteFrom('idempotencyKey').where('expiresAt', '<=', now).execute()
}
